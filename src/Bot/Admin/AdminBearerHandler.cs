using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DreamBot.Bot.Admin;

/// <summary>Accepts <c>Authorization: Bearer &lt;Admin:Token&gt;</c>, for scripts and Prometheus.</summary>
public sealed class AdminBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<AdminOptions> admin,
    AdminSignInThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminBearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (!TokenMatches(admin.Value.Token, header["Bearer ".Length..].Trim()))
        {
            throttle.RecordFailure(Context.Connection.RemoteIpAddress);
            return Task.FromResult(AuthenticateResult.Fail("The admin token does not match."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>Constant-time, so the comparison does not reveal how much of a guess was right.</summary>
    public static bool TokenMatches(string? expected, string? given) =>
        !string.IsNullOrEmpty(expected) && given is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
