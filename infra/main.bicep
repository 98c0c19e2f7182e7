// Plan Pulse on Azure: everything one deployment needs in one resource group.
//
// Design (scale-out):
// - One Linux App Service plan with per-app scaling. Two web apps run the same build:
//   * `<prefix>-bot-<suffix>` answers Teams (`POST /api/messages`, `GET /healthz`) on
//     `botInstanceCount` instances with PLANPULSE_SCHEDULER=off, so adding instances adds
//     only request capacity;
//   * `<prefix>-sched-<suffix>` runs on exactly one always-on instance with
//     PLANPULSE_SCHEDULER=on: its in-process timer opens and closes cycles, queues prompts,
//     chases, digests and escalations, and drains the outbox. Teams never calls it.
//   The scheduler lease in Table Storage still guards the rare moments when App Service
//   runs two copies of the scheduler app (restarts, platform upgrades).
// - State lives only in a Storage account (Table Storage). Both apps reach it through a
//   user-assigned managed identity holding "Storage Table Data Contributor": the apps get
//   STORAGE_TABLE_ENDPOINT and AZURE_CLIENT_ID, and DefaultAzureCredential does the rest, so
//   no storage key exists in any setting (shared-key access is switched off).
// - The bot's client secret (MicrosoftAppPassword) is stored in Key Vault and the apps read
//   it through a Key Vault reference resolved with the same identity.
// - The Azure Bot registration points Teams at the bot app and enables the Teams channel.
//   The Entra ID app registration (MicrosoftAppId and its secret) is created beforehand,
//   because Bicep cannot create app registrations: see docs/deployment.md.

targetScope = 'resourceGroup'

@description('Short lower-case name used in every resource name (letters and digits, 3 to 11).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'planpulse'

@description('Azure region for the App Service, Storage and Key Vault.')
param location string = resourceGroup().location

@description('Application (client) id of the bot\'s Entra ID app registration, a GUID.')
@minLength(36)
@maxLength(36)
param microsoftAppId string

@description('Client secret of that app registration; stored in Key Vault, never in an app setting.')
@secure()
param microsoftAppPassword string

@description('SingleTenant for a bot used in one organisation (the usual case for a council).')
@allowed([
  'SingleTenant'
  'MultiTenant'
])
param microsoftAppType string = 'SingleTenant'

@description('Tenant of the app registration; used when microsoftAppType is SingleTenant.')
param microsoftAppTenantId string = tenant().tenantId

@description('App Service plan SKU; per-app scaling needs Standard (S1) or above.')
@allowed([
  'S1'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServicePlanSku string = 'P0v3'

@description('Instances answering Teams. The scheduler app always runs on one.')
@minValue(1)
@maxValue(10)
param botInstanceCount int = 2

@description('Azure Bot pricing tier. Teams is a standard channel, free on F0.')
@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

@description('Time zone in which working days and reminder times are computed.')
param planTimezone string = 'Europe/London'

@description('Most proactive messages sent per second per plan (Teams allows 50 per app per tenant).')
@minValue(1)
@maxValue(50)
param sendRate int = 25

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('Storage redundancy; ZRS or GRS where the region offers them keeps the plan through a zone or region failure.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
param storageSku string = 'Standard_LRS'

param tags object = {
  application: 'Plan Pulse'
}

var suffix = take(uniqueString(resourceGroup().id, namePrefix), 6)
var identityName = '${namePrefix}-id-${suffix}'
var storageAccountName = toLower('${replace(namePrefix, '-', '')}st${suffix}')
var keyVaultName = '${namePrefix}-kv-${suffix}'
var planName = '${namePrefix}-plan-${suffix}'
var botAppName = '${namePrefix}-bot-${suffix}'
var schedulerAppName = '${namePrefix}-sched-${suffix}'
var botServiceName = '${namePrefix}-bot-${suffix}'
var botDomain = '${botAppName}.azurewebsites.net'

// Built-in role definition ids.
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }
}

// The app creates its tables (with PLANPULSE_TABLE_PREFIX) on first start.
resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    publicNetworkAccess: 'Enabled'
  }
}

resource appPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'MicrosoftAppPassword'
  properties: {
    value: microsoftAppPassword
    contentType: 'Bot Framework client secret'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: botInstanceCount
  }
  properties: {
    reserved: true
    perSiteScaling: true
  }
}

// Settings both apps share; the DESIGN.md environment variables plus what managed identity needs.
var sharedAppSettings = [
  {
    name: 'MicrosoftAppId'
    value: microsoftAppId
  }
  {
    name: 'MicrosoftAppPassword'
    value: '@Microsoft.KeyVault(SecretUri=${appPasswordSecret.properties.secretUri})'
  }
  {
    name: 'MicrosoftAppType'
    value: microsoftAppType
  }
  {
    name: 'MicrosoftAppTenantId'
    value: microsoftAppType == 'SingleTenant' ? microsoftAppTenantId : ''
  }
  {
    name: 'STORAGE_TABLE_ENDPOINT'
    value: storage.properties.primaryEndpoints.table
  }
  {
    // DefaultAzureCredential picks the user-assigned identity by this client id.
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'PLAN_TIMEZONE'
    value: planTimezone
  }
  {
    name: 'PLANPULSE_SEND_RATE'
    value: string(sendRate)
  }
  {
    name: 'LOG_LEVEL'
    value: logLevel
  }
  {
    name: 'BOT_DOMAIN'
    value: botDomain
  }
  {
    // The deployed zip already holds dist/ and production node_modules.
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'false'
  }
]

var sharedSiteConfig = {
  linuxFxVersion: 'NODE|20-lts'
  appCommandLine: 'node dist/app/main.js'
  alwaysOn: true
  healthCheckPath: '/healthz'
  http20Enabled: true
  minTlsVersion: '1.2'
  ftpsState: 'Disabled'
}

resource botApp 'Microsoft.Web/sites@2023-12-01' = {
  name: botAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: union(sharedSiteConfig, {
      numberOfWorkers: botInstanceCount
      appSettings: concat(sharedAppSettings, [
        {
          name: 'PLANPULSE_SCHEDULER'
          value: 'off'
        }
      ])
    })
  }
  dependsOn: [
    tableDataContributor
    secretsUser
  ]
}

resource schedulerApp 'Microsoft.Web/sites@2023-12-01' = {
  name: schedulerAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: union(sharedSiteConfig, {
      numberOfWorkers: 1
      appSettings: concat(sharedAppSettings, [
        {
          name: 'PLANPULSE_SCHEDULER'
          value: 'on'
        }
      ])
    })
  }
  dependsOn: [
    tableDataContributor
    secretsUser
  ]
}

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: 'Plan Pulse'
    description: 'Asks action leads for improvement plan updates, chases, and reports to chairs and boards.'
    endpoint: 'https://${botApp.properties.defaultHostName}/api/messages'
    msaAppId: microsoftAppId
    msaAppType: microsoftAppType
    msaAppTenantId: microsoftAppType == 'SingleTenant' ? microsoftAppTenantId : ''
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

@description('Set BOT_DOMAIN to this before `npm run package`.')
output botDomain string = botApp.properties.defaultHostName
output botAppName string = botApp.name
output schedulerAppName string = schedulerApp.name
output botServiceName string = botService.name
output storageTableEndpoint string = storage.properties.primaryEndpoints.table
output keyVaultName string = keyVault.name
output managedIdentityClientId string = identity.properties.clientId
