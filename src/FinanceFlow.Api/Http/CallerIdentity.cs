using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Http;

/// <summary>Who is calling: the App Service authentication principal in Azure, the authenticated user, or <c>anonymous</c>.</summary>
public static class CallerIdentity
{
    public const string PrincipalNameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    public static string Of(HttpRequest request)
    {
        var header = request.Headers[PrincipalNameHeader].ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }

        return request.HttpContext.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";
    }
}
