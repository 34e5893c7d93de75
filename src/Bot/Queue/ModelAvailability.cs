using DreamBot.Shared.Data;

namespace DreamBot.Bot.Queue;

/// <summary>Whether a request's model is served by a live worker: nothing would ever run a job for one that is not.</summary>
public static class ModelAvailability
{
    /// <summary>Null when <paramref name="model"/> ("" for any) can be rendered; otherwise what to tell the user.</summary>
    public static string? Problem(string model, IReadOnlyList<ServedModel> served)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(served);
        if (model.Length == 0 || served.Any(m => m.Name == model))
            return null;
        return served.Count == 0
            ? $"No worker serves the model `{model}` right now. Leave `model` out to use the default, or try again later."
            : $"No worker serves the model `{model}` right now. Available: {string.Join(", ", served.Select(m => $"`{m.Name}`"))}.";
    }
}
