using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DreamBot.Bot.Admin;

/// <summary>
/// The browser's sign-in cookie. It carries a stamp derived from <c>Admin:Token</c>, so rotating the token signs every
/// browser out; it is Secure-only, so a browser keeps it only over HTTPS (or on localhost).
/// </summary>
public static class AdminCookie
{
    public const string Name = "dreambot_admin";
    private const string StampClaim = "dreambot:admin-token-stamp";

    public static void Configure(CookieAuthenticationOptions options, string? token)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Cookie.Name = Name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.Path = "/";
        options.LoginPath = "/admin/login";
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.Events.OnValidatePrincipal = async context =>
        {
            if (context.Principal?.FindFirst(StampClaim)?.Value == Stamp(token))
                return;
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        };
    }

    public static Task SignInAsync(HttpContext context, string token)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(StampClaim, Stamp(token))], CookieAuthenticationDefaults.AuthenticationScheme);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>
    /// Whether a browser will keep the Secure cookie on this request: over HTTPS (directly or as the trusted proxy says),
    /// or on localhost, which browsers treat as secure.
    /// </summary>
    public static bool BrowserKeepsIt(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = request.Host.Host;
        return request.IsHttps || host == "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
    }

    // A one-way stamp: the cookie (encrypted anyway) never holds the token itself.
    private static string Stamp(string? token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("DreamBot admin cookie\n" + token)));
}
