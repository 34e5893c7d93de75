namespace DreamBot.Worker.ModelBuilder;

/// <summary>
/// Which variant of the random-weight model folder to write; <see cref="FullSize"/> gives Stable Diffusion 1.5's real
/// architecture and sizes instead of the tiny graphs. <see cref="SchedulerSettings"/> is a JSON object whose keys replace
/// or add to Stable Diffusion 1.x's scheduler config (kept as text so options compare by value).
/// </summary>
public sealed record TinyModelOptions(
    bool Float16 = false,
    bool FloatTimestep = false,
    bool SafetyChecker = false,
    bool VaeEncoder = true,
    bool Int64InputIds = false,
    int Seed = 1,
    bool FullSize = false,
    string? SchedulerSettings = null);
