// Resources of one FinanceFlow environment, in its resource group. Written directly (no registry modules).
param environmentName string
param location string
param tags object

@secure()
param canonicalWebhookSecret string
param canonicalCallbackUrl string
param hledgerBaseUrl string
param erpLedgers object
@secure()
param erpLedgerSecrets object
param masterDataEnrichment string
param serviceBusIntake string
param financeOpsEmail string
param entraClientId string
param maximumInstanceCount int
param instanceMemoryMB int

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var functionAppName = 'func-financeflow-${token}'
var deploymentContainerName = 'app-package-${take(token, 12)}'

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2552ae39'
}

// Messaging (docs/messaging.md): intake queue and the status topic. Standard tier: topics and duplicate detection need it.
resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: 'sb-${token}'
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    // Identity only: the app's managed identity holds the data roles below; no SAS keys.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }

  resource intakeQueue 'queues' = {
    name: 'expense-intake'
    properties: {
      maxDeliveryCount: 10
      lockDuration: 'PT1M'
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'PT1H'
      deadLetteringOnMessageExpiration: true
    }
  }

  resource statusTopic 'topics' = {
    name: 'expense-status'
    properties: {
      // MessageId = the CloudEvent id, the same for every retry and replay of one event: the topic drops repeats within the window.
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'P1D'
      defaultMessageTimeToLive: 'P14D'
    }

    // Example consumers; each filters on the event type (Subject and the application property eventType carry it).
    resource payroll 'subscriptions' = {
      name: 'payroll'
      properties: { maxDeliveryCount: 10, deadLetteringOnMessageExpiration: true }

      resource onlyPostedAndPaid 'rules' = {
        name: '$Default'
        properties: {
          filterType: 'SqlFilter'
          sqlFilter: { sqlExpression: 'eventType IN (\'financeflow.expense.report.posted\', \'financeflow.expense.report.paid\')' }
        }
      }
    }

    resource analytics 'subscriptions' = {
      name: 'analytics'
      properties: { maxDeliveryCount: 10, deadLetteringOnMessageExpiration: true }

      resource everyReportEvent 'rules' = {
        name: '$Default'
        properties: {
          filterType: 'SqlFilter'
          sqlFilter: { sqlExpression: 'eventType LIKE \'financeflow.expense.report.%\'' }
        }
      }
    }
  }
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    // Telemetry is sent with the app's identity (Entra ID), not the instrumentation key alone.
    DisableLocalAuth: true
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${token}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // The app reaches blobs, queues and tables with its managed identity only.
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// The audit trail in an account of its own (docs/azure.md, "Audit rows the app cannot change"): there the app's identity holds
// only the custom role below, which adds and reads rows but cannot update or delete one. Its Table Data Contributor role on the
// main account does not reach this one.
resource auditStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'staudit${token}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // No account keys: every caller, the app included, is held to its Entra ID roles.
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource auditTrail 'tables' = {
      name: 'AuditTrail'
    }
  }
}

// Azure has no built-in insert-only role for Table storage (Storage Table Data Contributor may update and delete).
resource auditAppender 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'financeflow-audit-appender')
  properties: {
    roleName: 'FinanceFlow Audit Appender (${environmentName}, ${token})'
    description: 'Adds and reads Table storage entities; cannot update or delete one. FinanceFlow\'s identity on its audit account.'
    type: 'CustomRole'
    permissions: [
      {
        // Create Table (the app creates its table on first use; an existing one answers 409); no tables/delete.
        actions: [
          'Microsoft.Storage/storageAccounts/tableServices/tables/write'
        ]
        notActions: []
        // Insert Entity and Query Entities; no entities/write, update/action or delete.
        dataActions: [
          'Microsoft.Storage/storageAccounts/tableServices/tables/entities/read'
          'Microsoft.Storage/storageAccounts/tableServices/tables/entities/add/action'
        ]
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${take(token, 20)}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource canonicalSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'webhook-secret-canonical'
  properties: {
    value: canonicalWebhookSecret
    contentType: 'Standard Webhooks secret (whsec_ + base64)'
  }
}

// One secret per ERP ledger (client secret, communication-user password or NetSuite private key), referenced from the app settings.
resource erpSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for ledger in items(erpLedgerSecrets): {
  parent: keyVault
  name: 'erp-${ledger.key}-secret'
  properties: {
    value: ledger.value
    contentType: 'ERP credential of ledger ${ledger.key}'
  }
}]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${token}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the system-assigned identity.
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // The Service Bus intake processor is a hosted service, not a trigger the scale controller watches: one instance
        // stays up so messages are taken without HTTP traffic (docs/messaging.md, Where it runs).
        alwaysReady: serviceBusIntake == 'On' ? [{ name: 'http', instanceCount: 1 }] : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: union(baseSettings, optionalSettings)
    // Set after the roles exist, so the first start can already resolve the Key Vault reference and reach storage.
    dependsOn: [secretsUser, blobOwner, queueContributor, tableContributor, auditAppenderAssignment, metricsPublisher, serviceBusReceiver, serviceBusSender]
  }
}

// App Service authentication (Easy Auth) with Microsoft Entra ID: the platform validates bearer tokens and hands the app the
// caller as X-MS-CLIENT-PRINCIPAL (stripping any a client sends); FinanceFlow checks the route's role itself. Anonymous requests
// still reach the app, so the signed webhooks work; every other route answers 401 without a principal. Function keys stay a
// second factor for those routes.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(entraClientId)) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${entraClientId}'
            entraClientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

var baseSettings = {
  // Identity-based host storage (Durable Task hub, timers, blobs): no connection string, no key.
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  // The audit table's own account, where the app may only add and read rows.
  AuditStorage__tableServiceUri: auditStorage.properties.primaryEndpoints.table
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  // Resolved by the platform with the app's identity; the secret itself never sits in app settings.
  FinanceFlow__Sources__canonical__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${canonicalSecret.properties.secretUri})'
  // Where the Concur FIS refresh token rotates (docs/configuration.md); writing it needs Key Vault Secrets Officer once FIS is on.
  FinanceFlow__Sources__concur__Fis__TokenStore__KeyVaultUri: keyVault.properties.vaultUri
  FinanceFlow__Policy__ReceiptRequiredAbove: '75'
  FinanceFlow__PostingRetry__MaxAttempts: '5'
  FinanceFlow__PostingRetry__FirstRetrySeconds: '2'
  FinanceFlow__PostingRetry__BackoffCoefficient: '2'
  FinanceFlow__PostingRetry__MaxRetrySeconds: '60'
  FinanceFlow__PostingLeaseSeconds: '30'
  FinanceFlow__WebhookToleranceSeconds: '300'
  FinanceFlow__MasterData__Enrichment: masterDataEnrichment
  FinanceFlow__MasterData__CacheSeconds: '30'
  // The timers' %settings%: the Functions host does not index a timer function whose schedule setting is missing.
  FinanceFlow__MasterData__SyncSchedule: '0 0 2 * * *'
  FinanceFlow__Reconciliation__Schedule: '0 30 1 * * *'
  FinanceFlow__Watchdog__Schedule: '0 */5 * * * *'
  // Payments read back from the ledgers (docs/configuration.md, Payment sync): off until the ledgers book payments by the convention.
  FinanceFlow__PaymentSync__Schedule: '0 */15 * * * *'
  FinanceFlow__PaymentSync__Enabled: 'false'
  FinanceFlow__Sources__expensify__Schedule: '0 */15 * * * *'
  // The Concur document-list poll (documents whose event never came); it reads Concur only once FIS is enabled.
  FinanceFlow__Sources__concur__Fis__PollSchedule: '0 */30 * * * *'
  // Receipts are downloaded only from the hosts each source lists (docs/configuration.md, Receipts); none listed, none downloaded.
  FinanceFlow__Sources__expensify__ReceiptHosts__0: 'www.expensify.com'
  // Identity-based Service Bus (the setting names the Functions extension uses): host name only, DefaultAzureCredential.
  ServiceBus__fullyQualifiedNamespace: replace(replace(serviceBus.properties.serviceBusEndpoint, 'https://', ''), ':443/', '')
  // Status fan-out targets (docs/messaging.md, Status fan-out): add a Webhook or StorageQueue target as Targets__1__….
  FinanceFlow__StatusFanOut__Targets__0__Kind: 'ServiceBusTopic'
  FinanceFlow__StatusFanOut__Targets__0__TopicName: serviceBus::statusTopic.name
  FinanceFlow__StatusFanOut__Targets__0__MaxAttempts: '5'
  FinanceFlow__StatusFanOut__Targets__0__FirstRetrySeconds: '2'
}

// Each ERP ledger's settings ({ "us01": { "Kind": "BusinessCentral", "BaseUrl": "…", "CompanyId": "…" } }) as FinanceFlow__Erp__Ledgers__us01__Kind, …
var erpLedgerSettings = reduce(items(erpLedgers), {}, (all, ledger) => union(all, toObject(
  items(ledger.value), setting => 'FinanceFlow__Erp__Ledgers__${ledger.key}__${setting.key}', setting => string(setting.value))))

// Each ledger's secret from Key Vault: NetSuite's goes to Certificate (its private key), every other kind's to ClientSecret.
var erpSecretSettings = toObject(
  items(erpLedgerSecrets),
  ledger => 'FinanceFlow__Erp__Ledgers__${ledger.key}__${(erpLedgers[?ledger.key].?Kind ?? '') == 'NetSuite' ? 'Certificate' : 'ClientSecret'}',
  ledger => '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/erp-${ledger.key}-secret/)')

// Empty values are left out rather than set to '' (an empty URL fails options validation at start-up).
var optionalSettings = union(
  empty(canonicalCallbackUrl) ? {} : { FinanceFlow__Sources__canonical__CallbackUrl: canonicalCallbackUrl },
  empty(hledgerBaseUrl) ? {} : { FinanceFlow__Erp__Hledger__BaseUrl: hledgerBaseUrl },
  serviceBusIntake == 'On' ? { FinanceFlow__Messaging__ServiceBus__Enabled: 'true' } : {},
  erpLedgerSettings,
  erpSecretSettings
)

// The app's identity: data-plane access to its storage, its Service Bus, its secrets and its telemetry. Nothing else.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource auditAppenderAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(auditStorage.id, functionApp.id, auditAppender.id)
  scope: auditStorage
  properties: {
    roleDefinitionId: auditAppender.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, functionApp.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serviceBusReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, functionApp.id, roles.serviceBusDataReceiver)
  scope: serviceBus
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serviceBusSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, functionApp.id, roles.serviceBusDataSender)
  scope: serviceBus
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionApp.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Finance ops alerts: the failures FinanceFlow logs (it also lists them at GET /api/v1/exceptions), mailed so none stays a
// silent background issue. Log search over the app's traces in the workspace; each rule fires once per window with hits.
var alerts = [
  {
    name: 'posting-failed'
    title: 'FinanceFlow: a posting failed after every retry'
    query: 'AppTraces | where Message startswith "Posting " and Message has " failed after "'
    window: 'PT15M'
  }
  {
    name: 'intake-dead-lettered'
    title: 'FinanceFlow: intake messages dead-lettered'
    query: 'AppTraces | where Message has " dead-lettered: "'
    window: 'PT15M'
  }
  {
    name: 'reconciliation-differences'
    title: 'FinanceFlow: the reconciliation found differences between FinanceFlow and a ledger'
    query: 'AppTraces | where Message startswith "Reconciliation rec-" and SeverityLevel >= 2'
    window: 'PT1H'
  }
]

resource financeOps 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(financeOpsEmail)) {
  name: 'ag-financeops-${token}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'finops'
    enabled: true
    emailReceivers: [
      {
        name: 'finance-ops'
        emailAddress: financeOpsEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for alert in alerts: if (!empty(financeOpsEmail)) {
  name: 'alert-${alert.name}-${token}'
  location: location
  tags: tags
  properties: {
    displayName: alert.title
    description: '${alert.title}. GET /api/v1/exceptions lists what to fix; docs/operations.md explains each item.'
    severity: 2
    enabled: true
    scopes: [logAnalytics.id]
    evaluationFrequency: alert.window
    windowSize: alert.window
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [financeOps.id]
    }
  }
}]

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output keyVaultName string = keyVault.name
output storageAccountName string = storage.name
output auditStorageAccountName string = auditStorage.name
output applicationInsightsName string = appInsights.name
output serviceBusNamespaceName string = serviceBus.name
