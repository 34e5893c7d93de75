using Hangfire.Dashboard;

namespace DreamBot.Bot.Admin;

/// <summary>Replaces Hangfire's local-requests-only default: the dashboard is for signed-in admins, from anywhere.</summary>
public sealed class AdminHangfireAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }
}
