namespace DreamBot.Shared.Domain;

/// <summary>
/// The samplers a request may name: the one list that /dream offers, moderators allow, preferences store and the
/// Worker's scheduler factory implements (a test keeps the factory covering every name).
/// </summary>
public static class Samplers
{
    public const string Ddim = "ddim";
    public const string Pndm = "pndm";
    public const string Euler = "euler";
    public const string EulerAncestral = "euler_a";
    public const string EulerKarras = "euler_karras";
    public const string Lms = "lms";
    public const string DpmPlusPlus2M = "dpmpp_2m";
    public const string DpmPlusPlus2MKarras = "dpmpp_2m_karras";
    public const string Ddpm = "ddpm";
    public const string Lcm = "lcm";

    /// <summary>
    /// No sampler named: the model's own scheduler (its scheduler_config.json), which the Worker resolves and records
    /// before it renders. Only servers that allow every sampler get it; others get their first allowed sampler.
    /// </summary>
    public const string ModelsOwn = "";

    /// <summary>Every sampler, in the order they are offered.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Ddim, Pndm, Euler, EulerAncestral, EulerKarras, Lms, DpmPlusPlus2M, DpmPlusPlus2MKarras, Ddpm, Lcm];

    /// <summary>
    /// The most steps a sampler can run: LCM picks its steps from the 50 it was distilled with (diffusers refuses more).
    /// </summary>
    /// <summary>Whether <paramref name="limits"/> let a request use <paramref name="name"/> (the model's own only where every sampler is allowed).</summary>
    public static bool IsAllowed(string name, DreamLimits limits) =>
        name == ModelsOwn ? All.All(limits.AllowedSamplers.Contains) : limits.AllowedSamplers.Contains(name, StringComparer.Ordinal);

    public static int? MaxSteps(string name) => name == Lcm ? 50 : null;

    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
