using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;


namespace DreamBot.Bot.Intake;

/// <summary>What shapes a /dream before it is validated: the server's caps, the user's own preferences and the models on offer.</summary>
public sealed record DreamDefaults(DreamLimits Limits, UserPreferences? Preferences)
{
    /// <summary>The models live workers serve, with their own defaults (a few-step model's steps and guidance); looked up only for a request that names a model.</summary>
    public IReadOnlyList<ServedModel> Models { get; init; } = [];

    /// <summary>Each live worker's first model, which renders requests that name none; looked up with <see cref="Models"/>.</summary>
    public IReadOnlyList<string> SharedQueueModels { get; init; } = [];

    public static DreamDefaults Standard { get; } = new(DreamLimits.Standard, null);
}
