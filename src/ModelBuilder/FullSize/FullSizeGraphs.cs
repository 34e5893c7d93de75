namespace DreamBot.ModelBuilder.FullSize;

/// <summary>
/// Stable Diffusion 1.5's or SDXL base 1.0's real architecture and sizes with random weights, for benchmarks that
/// measure real-size compute without downloading weights. Weights are produced only when a graph is saved.
/// </summary>
internal sealed class FullSizeGraphs(TinyModelOptions options) : IModelGraphs
{
    private readonly Dictionary<string, long> _parameterCounts = [];

    public int[] VaeBlockChannels => FullSizeVae.BlockWidths;

    /// <summary>Every graph's weights live beside it: the float32 UNet alone is past protobuf's 2 GiB limit.</summary>
    public bool ExternalData(string part) => true;

    /// <summary>Parameters of each graph built so far, by folder part.</summary>
    public IReadOnlyDictionary<string, long> ParameterCounts => _parameterCounts;

    public OnnxGraph TextEncoder() =>
        Counted("text_encoder", FullSizeTextEncoder.Build(options, part: 1, options.Family.IsXl() ? FullSizeTextEncoder.XlFirst : FullSizeTextEncoder.Sd));

    public OnnxGraph TextEncoder2() => Counted("text_encoder_2", FullSizeTextEncoder.Build(options, part: 5, FullSizeTextEncoder.XlSecond));

    public OnnxGraph UNet() => Counted("unet", options.Family.IsXl() ? FullSizeXlUNet.Build(options, part: 2) : FullSizeUNet.Build(options, part: 2));

    public OnnxGraph VaeDecoder() => Counted("vae_decoder", FullSizeVae.Decoder(options, part: 3));

    public OnnxGraph VaeEncoder() => Counted("vae_encoder", FullSizeVae.Encoder(options, part: 4));

    // A CLIP vision model would only slow benchmarks that disable the checker anyway; the tiny one keeps the interface.
    public OnnxGraph SafetyChecker() => new TinyGraphs(options).SafetyChecker();

    private OnnxGraph Counted(string part, Layers layers)
    {
        _parameterCounts[part] = layers.ParameterCount;
        return layers.Graph;
    }
}
