using System.Globalization;
using System.Text;
using DreamBot.Shared.Data;
using DreamBot.Shared.Stats;
using Microsoft.EntityFrameworkCore;
using static System.Net.WebUtility;

namespace DreamBot.Bot.Admin;

/// <summary>The dashboard, rendered on the server: usage tables, charts over time, the live queue, failures and the audit log.</summary>
public static class AdminPage
{
    private const string Style = "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111}table{border-collapse:collapse;margin:.5rem 0 1.5rem}" +
        "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}th{background:#f3f4f6}.chart{display:inline-block;margin:0 1rem 1rem 0}";

    public const string WrongToken = "That token is not right.";

    public const string HttpsRequired = "Signing in needs HTTPS: the sign-in cookie is Secure-only, so over plain HTTP the browser "
        + "would drop it. Use the compose profile https (docs/operators.md, \"HTTPS\"), open the dashboard on localhost, or send the token "
        + "as an Authorization: Bearer header.";

    /// <param name="alert">A reason shown above the form, or null.</param>
    public static string Login(string? alert) => Shell("DreamBot admin — sign in",
        (alert is null ? "" : "<p role=\"alert\">" + HtmlEncode(alert) + "</p>") +
        "<form method=\"post\" action=\"/admin/login\"><label>Admin token <input type=\"password\" name=\"token\" autocomplete=\"current-password\" required></label> " +
        "<button type=\"submit\">Sign in</button></form>");

    public static async Task<IResult> RenderAsync(DreamBotDb db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stats = await StatsQueries.ComputeAsync(db, null, now, cancellationToken);
        var hourly = await DashboardQueries.HourlyAsync(db, now, TimeSpan.FromHours(48), cancellationToken);
        var guilds = await DashboardQueries.GuildsAsync(db, now, cancellationToken);
        var queue = await db.Generations.AsNoTracking()
            .Where(g => g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running)
            .OrderBy(g => g.QueuedAt).Take(50).ToListAsync(cancellationToken);
        var failures = await db.Generations.AsNoTracking().Where(g => g.Status == GenerationStatus.Failed)
            .OrderByDescending(g => g.QueuedAt).Take(20).ToListAsync(cancellationToken);
        var audit = await db.AuditLog.AsNoTracking().OrderByDescending(a => a.At).Take(50).ToListAsync(cancellationToken);

        var html = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        html.Append("<form method=\"post\" action=\"/admin/logout\"><button>Sign out</button> <a href=\"/admin/hangfire\">Jobs (Hangfire)</a> <a href=\"/admin/gallery\">Gallery</a></form>");
        html.Append("<h2>Usage</h2><table><tr><th>Images today</th><th>7 days</th><th>30 days</th><th>Active users 7d</th><th>30d</th><th>Queued</th><th>Rendering</th><th>Failure rate 7d</th></tr>");
        html.Append(c, $"<tr><td>{stats.ImagesToday}</td><td>{stats.Images7Days}</td><td>{stats.Images30Days}</td><td>{stats.ActiveUsers7Days}</td><td>{stats.ActiveUsers30Days}</td><td>{stats.Queued}</td><td>{stats.Running}</td><td>{stats.FailureRate7Days:P1}</td></tr></table>");
        html.Append(c, $"<table><tr><th>Wait p50</th><th>Wait p95</th><th>Render p50</th><th>Render p95</th></tr><tr><td>{S(stats.Timings.WaitP50Seconds)}</td><td>{S(stats.Timings.WaitP95Seconds)}</td><td>{S(stats.Timings.RenderP50Seconds)}</td><td>{S(stats.Timings.RenderP95Seconds)}</td></tr></table>");

        html.Append("<h2>Last 48 hours</h2>");
        var hours = hourly.Select(h => h.Hour).ToList();
        html.Append(SvgChart.Lines("Images per hour", hours, ("images", hourly.Select(h => (double?)h.Images).ToList())));
        html.Append(SvgChart.Lines("Queue wait (s)", hours, ("p50", hourly.Select(h => h.WaitP50Seconds).ToList()), ("p95", hourly.Select(h => h.WaitP95Seconds).ToList())));
        html.Append(SvgChart.Lines("Render time (s)", hours, ("p50", hourly.Select(h => h.RenderP50Seconds).ToList()), ("p95", hourly.Select(h => h.RenderP95Seconds).ToList())));

        html.Append("<h2>Guilds (30 days)</h2><table><tr><th>Guild</th><th>Images</th><th>Users</th><th>Units</th></tr>");
        foreach (var g in guilds)
            html.Append(c, $"<tr><td>{(g.GuildId is { } id ? id.ToString(c) : "DMs")}</td><td>{g.Images}</td><td>{g.Users}</td><td>{g.Units:0.#}</td></tr>");
        html.Append("</table><h2>Workers (7 days)</h2><table><tr><th>Worker</th><th>Images</th><th>Images/hour</th><th>Render p50</th></tr>");
        foreach (var w in stats.Workers)
            html.Append(c, $"<tr><td>{HtmlEncode(w.Worker)}</td><td>{w.Images}</td><td>{w.ImagesPerHour:0.#}</td><td>{S(w.RenderP50Seconds)}</td></tr>");
        html.Append("</table><h2>Top users (30 days)</h2><table><tr><th>User</th><th>Units</th><th>Images</th></tr>");
        foreach (var u in stats.TopUsers)
            html.Append(c, $"<tr><td>{HtmlEncode(u.UserName)} ({u.UserId})</td><td>{u.Units:0.#}</td><td>{u.Images}</td></tr>");

        html.Append("</table><h2>Live queue</h2><table><tr><th>#</th><th>Status</th><th>User</th><th>Guild</th><th>Queued</th><th>Worker</th></tr>");
        foreach (var g in queue)
            html.Append(c, $"<tr><td>{g.Id}</td><td>{g.Status}</td><td>{HtmlEncode(g.UserName)}</td><td>{g.GuildId}</td><td>{g.QueuedAt:u}</td><td>{HtmlEncode(g.Worker ?? "")}</td></tr>");
        html.Append("</table><h2>Recent failures</h2><table><tr><th>#</th><th>When</th><th>User</th><th>Worker</th><th>Reason</th></tr>");
        foreach (var g in failures)
            html.Append(c, $"<tr><td>{g.Id}</td><td>{g.QueuedAt:u}</td><td>{HtmlEncode(g.UserName)}</td><td>{HtmlEncode(g.Worker ?? "")}</td><td>{HtmlEncode(g.Error ?? "")}</td></tr>");
        html.Append("</table><h2>Audit log</h2><table><tr><th>When</th><th>Guild</th><th>Moderator</th><th>Action</th><th>Target</th><th>Details</th><th>Reason</th></tr>");
        foreach (var a in audit)
            html.Append(c, $"<tr><td>{a.At:u}</td><td>{a.GuildId}</td><td>{a.ActorId}</td><td>{HtmlEncode(a.Action)}</td><td>{a.TargetUserId}</td><td>{HtmlEncode(a.Details)}</td><td>{HtmlEncode(a.Reason)}</td></tr>");
        html.Append("</table>");
        return Results.Content(Shell("DreamBot admin", html.ToString()), "text/html; charset=utf-8");
    }

    private static string S(double? seconds) => seconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "–";

    private static string Shell(string title, string body) =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{HtmlEncode(title)}</title><style>{Style}</style></head><body><h1>{HtmlEncode(title)}</h1>{body}</body></html>";
}
