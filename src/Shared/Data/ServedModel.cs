namespace DreamBot.Shared.Data;

/// <summary>
/// A model some worker has served, with the /dream defaults it wants. Workers write it when they start; whether a
/// worker serves it right now is read from the live Hangfire servers' queues (see LiveModels).
/// </summary>
public sealed class ServedModel
{
    public string Name { get; set; } = "";

    public int? DefaultSteps { get; set; }

    public int? MaxSteps { get; set; }

    public double? DefaultGuidance { get; set; }

    /// <summary>Whether the model has a VAE encoder, without which it cannot start from an image.</summary>
    public bool SupportsImageToImage { get; set; } = true;

    public DateTimeOffset UpdatedAt { get; set; }
}
