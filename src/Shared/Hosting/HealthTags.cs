namespace DreamBot.Shared.Hosting;

/// <summary>Tags that sort health checks: liveness (/healthz) runs none, readiness (/readyz) runs those tagged <see cref="Ready"/>.</summary>
public static class HealthTags
{
    public const string Ready = "ready";
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
}
