namespace DreamBot.Worker.Hub;

/// <summary>
/// Which files of a diffusers ONNX repository a pipeline reads; the rest (samples, and the PyTorch, Flax and TensorFlow
/// weights that repositories such as stabilityai/stable-diffusion-xl-base-1.0 keep beside their ONNX graphs in the same
/// component folders) is skipped.
/// </summary>
public static class PipelineFiles
{
    public const string ModelIndex = "model_index.json";

    private static readonly string[] Components =
    [
        "tokenizer", "tokenizer_2", "text_encoder", "text_encoder_2", "unet", "vae_decoder", "vae_encoder", "safety_checker", "scheduler", "feature_extractor",
    ];

    private static readonly string[] OtherFrameworksWeights = [".safetensors", ".ckpt", ".pt", ".pth", ".msgpack", ".h5"];

    /// <summary><paramref name="path"/> is relative to the pipeline's root, '/'-separated.</summary>
    public static bool Wanted(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == ModelIndex)
            return true;
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < path.Length - 1 && Components.Contains(path[..slash], StringComparer.Ordinal)
            && !IsOtherFrameworksWeights(path[(path.LastIndexOf('/') + 1)..]);
    }

    // pytorch_model.bin, diffusion_pytorch_model.fp16.bin; ONNX external data is model.onnx_data or weights.pb.
    private static bool IsOtherFrameworksWeights(string name) =>
        OtherFrameworksWeights.Any(extension => name.EndsWith(extension, StringComparison.Ordinal))
        || (name.EndsWith(".bin", StringComparison.Ordinal) && name.Contains("pytorch_model", StringComparison.Ordinal));
}
