import { quietWarningFilter } from '../../app/quietWarnings';

const warning = (code: string, message: string) => Object.assign(new Error(message), { name: 'DeprecationWarning', code });

describe('the start-up warning filter', () => {
  it("drops restify's http_parser deprecation and passes every other warning to Node's printer", () => {
    const printed: string[] = [];
    const filter = quietWarningFilter([(w) => printed.push(`${w.code}: ${w.message}`)]);
    filter(warning('DEP0111', "Access to process.binding('http_parser') is deprecated."));
    filter(warning('DEP0005', 'Buffer() is deprecated.'));
    filter(Object.assign(new Error('Possible EventEmitter memory leak detected.'), { name: 'MaxListenersExceededWarning' }));
    expect(printed).toEqual(['DEP0005: Buffer() is deprecated.', 'undefined: Possible EventEmitter memory leak detected.']);
  });
});
