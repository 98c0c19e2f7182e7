/**
 * `npm run package`: writes build/appPackage.zip from the environment (MicrosoftAppId,
 * BOT_DOMAIN and the optional TEAMS_APP_ID, PRIVACY_URL, TERMS_URL, WEBSITE_URL, DEVELOPER_NAME).
 * Exit code 0 when written, 1 when the configuration or the manifest is invalid.
 */
import path from 'node:path';
import { writeAppPackage, ManifestInvalidError } from './packaging/appPackage';
import { PackageConfigError } from './packaging/settings';
import { ManifestTemplateError } from './packaging/manifest';

async function main(): Promise<number> {
  try {
    const file = await writeAppPackage(process.env);
    console.log(`Wrote ${path.relative(process.cwd(), file) || file}: upload it in the Teams admin center or sideload it in Teams.`);
    return 0;
  } catch (err) {
    if (err instanceof PackageConfigError || err instanceof ManifestInvalidError || err instanceof ManifestTemplateError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
