using System.Security.Claims;
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
        builder.Services.AddAuthentication(Scheme)
            // A bearer header goes to the token check; a browser goes to the cookie set by the login form.
            .AddPolicyScheme(Scheme, "Admin", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? AdminBearerHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, AdminBearerHandler>(AdminBearerHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "dreambot_admin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.Path = "/";
                o.LoginPath = "/admin/login";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
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
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseHangfireDashboard("/admin/hangfire", new DashboardOptions
        {
            Authorization = [new AdminHangfireAuthorization()],
            AppPath = "/admin",
            DashboardTitle = "DreamBot jobs",
        });

        app.MapGet("/admin/login", () => Results.Content(AdminPage.Login(failed: false), "text/html; charset=utf-8")).AllowAnonymous();
        app.MapPost("/admin/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (!AdminBearerHandler.TokenMatches(options.Token, form["token"].ToString()))
                return Results.Content(AdminPage.Login(failed: true), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect("/admin");
        }).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/admin/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/admin/login");
        }).RequireAuthorization(Policy).DisableAntiforgery();
        app.MapGet("/admin", AdminPage.RenderAsync).RequireAuthorization(Policy);
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policy);
        return app;
    }
}
