namespace DreamBot.Worker.Hub;

/// <summary>Which files of a diffusers ONNX repository a pipeline reads; the rest (PyTorch weights, samples) is skipped.</summary>
public static class PipelineFiles
{
    public const string ModelIndex = "model_index.json";

    private static readonly string[] Components =
    [
        "tokenizer", "tokenizer_2", "text_encoder", "text_encoder_2", "unet", "vae_decoder", "vae_encoder", "safety_checker", "scheduler", "feature_extractor",
    ];

    /// <summary><paramref name="path"/> is relative to the pipeline's root, '/'-separated.</summary>
    public static bool Wanted(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == ModelIndex)
            return true;
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < path.Length - 1 && Components.Contains(path[..slash], StringComparer.Ordinal);
    }
}
