using DreamBot.Shared.Archive;
using DreamBot.Shared.Configuration;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace DreamBot.Bot.Admin;

public static class AdminServices
{
    public const string Policy = "Admin";
    private const string Scheme = "Admin";

    public static WebApplicationBuilder AddAdminDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AdminOptions>(AdminOptions.Section);
        builder.Services.AddValidatedOptions<ArchiveOptions>(ArchiveOptions.Section);
        builder.Services.AddAuthentication(Scheme)
            // A bearer header goes to the token check; a browser goes to the cookie set by the login form.
            .AddPolicyScheme(Scheme, "Admin", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? AdminBearerHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, AdminBearerHandler>(AdminBearerHandler.SchemeName, null)
            .AddCookie();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AdminOptions>>((cookie, admin) => AdminCookie.Configure(cookie, admin.Value.Token));
        builder.Services.AddSingleton<AdminSignInThrottle>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAuthenticatedUser());
        // Metrics are served behind the admin sign-in, so without a token there is nothing to collect for.
        if (string.IsNullOrEmpty(builder.Configuration[$"{AdminOptions.Section}:{nameof(AdminOptions.Token)}"]))
            return builder;
        builder.Services.AddHostedService<QueueMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(QueueMetrics.MeterName).AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapAdminDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        // Without a token nothing is mapped, so every /admin path answers 404.
        if (!options.Enabled)
            return app;
        var throttle = app.Services.GetRequiredService<AdminSignInThrottle>();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/admin") || c.Request.Path.StartsWithSegments("/metrics"),
            branch => branch.Use(async (context, next) =>
            {
                if (throttle.RetryAfter(context.Connection.RemoteIpAddress) is { } wait)
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await context.Response.WriteAsync("Too many failed sign-ins from this address; try again later.", context.RequestAborted);
                    return;
                }
                await next(context);
            }));
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseHangfireDashboard("/admin/hangfire", new DashboardOptions
        {
            Authorization = [new AdminHangfireAuthorization()],
            AppPath = "/admin",
            DashboardTitle = "DreamBot jobs",
        });

        app.MapGet("/admin/login", (HttpContext context) =>
            LoginPage(AdminCookie.BrowserKeepsIt(context.Request) ? null : AdminPage.HttpsRequired, StatusCodes.Status200OK)).AllowAnonymous();
        app.MapPost("/admin/login", async (HttpContext context) =>
        {
            // Setting a cookie the browser will drop would look like a sign-in that silently fails.
            if (!AdminCookie.BrowserKeepsIt(context.Request))
                return LoginPage(AdminPage.HttpsRequired, StatusCodes.Status403Forbidden);
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (!AdminBearerHandler.TokenMatches(options.Token, form["token"].ToString()))
            {
                throttle.RecordFailure(context.Connection.RemoteIpAddress);
                return LoginPage(AdminPage.WrongToken, StatusCodes.Status401Unauthorized);
            }
            await AdminCookie.SignInAsync(context, options.Token!);
            return Results.Redirect("/admin");
        }).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/admin/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/admin/login");
        }).RequireAuthorization(Policy).DisableAntiforgery();
        app.MapGet("/admin", AdminPage.RenderAsync).RequireAuthorization(Policy);
        app.MapGet("/admin/gallery", GalleryPage.RenderAsync).RequireAuthorization(Policy);
        app.MapGet("/admin/archive/{sha256}", GalleryPage.ImageAsync).RequireAuthorization(Policy);
        // The sign-in cookie is SameSite=Strict, so another site cannot post this form with it.
        app.MapPost("/admin/gallery/remove", GalleryPage.RemoveAsync).RequireAuthorization(Policy).DisableAntiforgery();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policy);
        return app;
    }

    private static IResult LoginPage(string? alert, int status) =>
        Results.Content(AdminPage.Login(alert), "text/html; charset=utf-8", statusCode: status);
}
