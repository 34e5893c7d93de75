using System.Collections.Frozen;

namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>Creates schedulers by sampler name: every name in <see cref="Shared.Domain.Samplers.All"/>, plus diffusers variant names.</summary>
public static class SchedulerFactory
{
    private static readonly FrozenDictionary<string, Func<SchedulerConfig, int, IScheduler>> Creators =
        new Dictionary<string, Func<SchedulerConfig, int, IScheduler>>(StringComparer.Ordinal)
        {
            ["ddim"] = (c, n) => new DdimScheduler(c, n),
            ["pndm"] = (c, n) => new PndmScheduler(c, n),
            ["euler"] = (c, n) => new EulerScheduler(c, n),
            ["euler_a"] = (c, n) => new EulerAncestralScheduler(c, n),
            ["euler_ancestral"] = (c, n) => new EulerAncestralScheduler(c, n),
            ["euler_karras"] = (c, n) => new EulerScheduler(c, n, karrasSigmas: true),
            ["lms"] = (c, n) => new LmsScheduler(c, n),
            ["dpmpp_2m"] = (c, n) => new DpmSolverMultistepScheduler(c, n),
            ["dpmpp_2m_karras"] = (c, n) => new DpmSolverMultistepScheduler(c, n, karrasSigmas: true),
            ["ddpm"] = (c, n) => new DdpmScheduler(c, n),
            ["lcm"] = (c, n) => new LcmScheduler(c, n),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every accepted name: the product samplers and the other diffusers variants.</summary>
    public static IReadOnlyList<string> AllNames { get; } = [.. Creators.Keys.Order(StringComparer.Ordinal)];

    public static bool IsKnown(string name) => name is not null && Creators.ContainsKey(name);

    public static IScheduler Create(string name, SchedulerConfig config, int inferenceSteps)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (name is null || !Creators.TryGetValue(name, out var create))
            throw new ArgumentException($"Unknown sampler '{name}'. Valid: {string.Join(", ", AllNames)}.", nameof(name));
        return create(config, inferenceSteps);
    }

    internal static void CheckSteps(int inferenceSteps, SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (inferenceSteps < 1 || inferenceSteps > config.NumTrainTimesteps)
            throw new ArgumentOutOfRangeException(nameof(inferenceSteps), inferenceSteps,
                $"Inference steps must be between 1 and {config.NumTrainTimesteps}.");
    }
}
