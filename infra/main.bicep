// FinanceFlow on Azure: a Flex Consumption Function App with a system-assigned identity, identity-based
// storage (no shared keys), Application Insights on Log Analytics, and Key Vault for webhook secrets.
// `azd up` provisions this and deploys src/FinanceFlow.Functions as the `api` service.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource (must offer Flex Consumption).')
param location string

@secure()
@description('Standard Webhooks secret of the canonical source (whsec_ + base64). Stored in Key Vault, never in app settings.')
param canonicalWebhookSecret string

@description('Where status callbacks of the canonical source are POSTed; empty for none.')
param canonicalCallbackUrl string = ''

@description('Base URL of an hledger-web ERP endpoint, if one is reachable from Azure; empty otherwise.')
param hledgerBaseUrl string = ''

@description('ERP ledgers by name, each with its Kind and settings (docs/configuration.md, docs/erp-*.md), e.g. { "us01": { "Kind": "BusinessCentral", "BaseUrl": "https://api.businesscentral.dynamics.com/v2.0/<tenant>/production/api/v2.0", "CompanyId": "<guid>", "JournalCode": "FINFLOW", "LocalCurrency": "USD", "TenantId": "<tenant>", "ClientId": "<app id>" } }. Secrets go in erpLedgerSecrets.')
param erpLedgers object = {}

@description('One secret per ERP ledger name: the client secret (Business Central, S/4HANA OAuth), the communication user\'s password (S/4HANA basic) or the PEM private key (NetSuite). Stored in Key Vault, referenced from the app settings.')
@secure()
param erpLedgerSecrets object = {}

@description('FinanceFlow:MasterData:Enrichment — Required once master data and mappings are loaded (see docs/master-data.md).')
@allowed([
  'Off'
  'Required'
])
param masterDataEnrichment string = 'Off'

@description('FinanceFlow:Messaging:ServiceBus:Enabled — On: the app takes intake messages from the Service Bus queue expense-intake and relays them to its storage-queue trigger (docs/messaging.md); keeps one instance always ready.')
@allowed([
  'Off'
  'On'
])
param serviceBusIntake string = 'Off'

@description('Where finance ops alerts go (failed postings, dead-lettered intake messages, reconciliation differences); empty for no alerts.')
param financeOpsEmail string = ''

@description('Client id of the Microsoft Entra ID app registration whose tokens App Service authentication validates (app roles FinanceFlow.Reader, .Operator, .MasterData, .Payments, .Approver, .Admin: infra/entra-app-roles.json). Empty: platform authentication stays off and every route but the webhooks answers 401.')
param entraClientId string = ''

@description('Maximum number of Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance, MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

var tags = { 'azd-env-name': environmentName }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'financeflow-resources'
  scope: rg
  params: {
    environmentName: environmentName
    location: location
    tags: tags
    canonicalWebhookSecret: canonicalWebhookSecret
    canonicalCallbackUrl: canonicalCallbackUrl
    hledgerBaseUrl: hledgerBaseUrl
    erpLedgers: erpLedgers
    erpLedgerSecrets: erpLedgerSecrets
    masterDataEnrichment: masterDataEnrichment
    serviceBusIntake: serviceBusIntake
    financeOpsEmail: financeOpsEmail
    entraClientId: entraClientId
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output SERVICE_API_ENDPOINT string = resources.outputs.functionAppUrl
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output AZURE_AUDIT_STORAGE_ACCOUNT_NAME string = resources.outputs.auditStorageAccountName
output APPLICATIONINSIGHTS_NAME string = resources.outputs.applicationInsightsName
