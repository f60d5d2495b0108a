<#--
  FinanceFlow export template for the Expensify Integration Server (reportExporter, inputSettings.type combinedReportData).
  Emits a JSON array: one object per report, with its expenses nested. Read by ExpensifyExportReader.

  Every value is printed as a JSON string and passed through untouched. No arithmetic here: Freemarker computes in
  doubles, so cents become decimal amounts (and signs are normalized) in ExpensifyReportMapper. A value Expensify does
  not provide prints as "" and reads as "not set". Fields that the reference templates do not show (policyID,
  policyName, submitter.fullName, taxAmount, taxName) are read with defaults, so the template renders without them.
-->
<#setting number_format="computer">
<#setting time_zone="UTC">
<#function v value>
  <#if value?is_boolean><#return value?string("true", "false")></#if>
  <#if value?is_date><#return value?string("yyyy-MM-dd HH:mm:ss")></#if>
  <#if value?is_number><#return value?string></#if>
  <#if value?is_string><#return value?json_string></#if>
  <#return "">
</#function>
[
<#list reports as report>
  {
    "reportID": "${v(report.reportID)}",
    "reportName": "${v((report.reportName)!"")}",
    "policyID": "${v((report.policyID)!"")}",
    "policyName": "${v((report.policyName)!"")}",
    "status": "${v((report.status)!"")}",
    "currency": "${v((report.currency)!"")}",
    "total": "${v((report.total)!"")}",
    "accountID": "${v((report.accountID)!"")}",
    "accountEmail": "${v((report.accountEmail)!"")}",
    "submitterName": "${v((report.submitter.fullName)!"")}",
    "managerEmail": "${v((report.managerEmail)!"")}",
    "created": "${v((report.created)!"")}",
    "submitted": "${v((report.submitted)!"")}",
    "approved": "${v((report.approved)!"")}",
    "expenses": [
    <#list report.transactionList as expense>
      {
        "transactionID": "${v((expense.transactionID)!"")}",
        "merchant": "${v((expense.merchant)!"")}",
        "modifiedMerchant": "${v((expense.modifiedMerchant)!"")}",
        "amount": "${v((expense.amount)!"")}",
        "modifiedAmount": "${v((expense.modifiedAmount)!"")}",
        "convertedAmount": "${v((expense.convertedAmount)!"")}",
        "currency": "${v((expense.currency)!"")}",
        "currencyConversionRate": "${v((expense.currencyConversionRate)!"")}",
        "created": "${v((expense.created)!"")}",
        "modifiedCreated": "${v((expense.modifiedCreated)!"")}",
        "category": "${v((expense.category)!"")}",
        "tag": "${v((expense.tag)!"")}",
        "comment": "${v((expense.comment)!"")}",
        "reimbursable": "${v((expense.reimbursable)!"")}",
        "billable": "${v((expense.billable)!"")}",
        "taxAmount": "${v((expense.taxAmount)!"")}",
        "taxName": "${v((expense.taxName)!"")}",
        "receiptURL": "${v((expense.receiptObject.url)!"")}",
        "receiptFilename": "${v((expense.receiptFilename)!"")}",
        "receiptType": "${v((expense.receiptObject.type)!"")}"
      }<#sep>,</#sep>
    </#list>
    ]
  }<#sep>,</#sep>
</#list>
]
