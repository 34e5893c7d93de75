namespace DreamBot.ModelBuilder;

/// <summary>
/// The five graphs of a tiny Stable Diffusion model with the real input/output names, ranks, dtypes and symbolic axes
/// of the chosen exporter's layout, computing in float32 inside (Casts at the edges of a float16 variant keep the CPU
/// provider happy).
/// </summary>
internal sealed partial class TinyGraphs(TinyModelOptions options) : IModelGraphs
{
    public const int VocabSize = 49408;
    public const int TokenLength = 77;
    public const int HiddenSize = 32;
    // SD 2.x's OpenCLIP encoder is wider than SD 1.x's CLIP (1024 against 768); the tiny ones differ likewise.
    public const int Sd2HiddenSize = 48;
    public const int TimeCondProjDim = 16;
    public const int LatentChannels = 4;
    public const int VaeScale = 8;
    // Wide enough that a UNet call, not the C# around it, dominates a step, as with real weights.
    private const int UNetChannels = 32;

    private readonly Random _random = new(options.Seed);
    private readonly int _hidden = HiddenSizeOf(options.Family);
    private readonly LayoutShapes _layout = LayoutShapes.For(options, LatentChannels, HiddenSizeOf(options.Family));
    private OnnxElementType Io => options.Float16 ? OnnxElementType.Float16 : OnnxElementType.Float;

    public int[] VaeBlockChannels => [8, 8, 8, 8];

    public static int HiddenSizeOf(ModelFamily family) => family == ModelFamily.Sd2 ? Sd2HiddenSize : HiddenSize;

    /// <summary>Only the UNet, as big exports have it, so the loader's external-data path is exercised.</summary>
    public bool ExternalData(string part) => part == "unet";

    public OnnxGraph TextEncoder()
    {
        if (options.Family.IsXl())
            return XlTextEncoder(second: false);
        var g = new OnnxGraph("text_encoder");
        var sequence = options.Layout is ExportLayout.DiffusersScript or ExportLayout.DiffusersScriptOld ? "sequence" : "sequence_length";
        var ids = g.Input("input_ids", _layout.Int64Ids ? OnnxElementType.Int64 : OnnxElementType.Int32, _layout.Batch,
            options.Layout == ExportLayout.DreamBot ? TokenLength : sequence);
        var embedded = g.Node("Gather", [g.RandomFloats(_random, 1f, VocabSize, _hidden), ids], OnnxAttribute.Int("axis", 0));
        var positioned = g.Node("Add", [embedded, g.RandomFloats(_random, 0.1f, TokenLength, _hidden)]);
        var hidden = g.Node("Tanh", [g.Node("MatMul", [positioned, g.RandomFloats(_random, 0.5f, _hidden, _hidden)])]);
        if (options.HiddenStates)
            hidden = WithHiddenStates(g, positioned, hidden);
        var pooled = g.Node("ReduceMean", [hidden], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        Output(g, hidden, "last_hidden_state", _layout.Batch, TokenLength, _layout.HiddenSize);
        Output(g, pooled, "pooler_output", _layout.Batch, _layout.HiddenSize);
        return g;
    }

    public OnnxGraph UNet()
    {
        if (options.Family.IsXl())
            return XlUNet();
        var g = new OnnxGraph("unet");
        var sample = Input(g, "sample", _layout.Batch, _layout.SampleChannels, "height", "width");
        var tMap = TimestepMap(g);

        var context = Input(g, "encoder_hidden_states", _layout.Batch, "sequence_length", _layout.HiddenSize);
        var pooled = g.Node("ReduceMean", [context], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        var projected = g.Node("MatMul", [pooled, g.RandomFloats(_random, 3f, _hidden, UNetChannels)]);
        var contextMap = g.Node("Reshape", [projected, g.Int64s([-1, UNetChannels, 1, 1], 4)]);
        if (options.Family == ModelFamily.Lcm)
            contextMap = g.Node("Add", [contextMap, GuidanceMap(g)]);

        var features = Conv(g, sample, options.Family.UNetInChannels(LatentChannels), UNetChannels, 3, 0.3f);
        var mixed = g.Node("Tanh", [g.Node("Add", [g.Node("Add", [features, tMap]), contextMap])]);
        var deeper = g.Node("Tanh", [Conv(g, mixed, UNetChannels, UNetChannels, 3, 0.1f)]);
        // The skip makes the noise estimate track the (scaled) sample, as a trained epsilon model's does, so latents
        // shrink over the schedule instead of staying at the initial noise level.
        var residual = Conv(g, deeper, UNetChannels, LatentChannels, 3, 0.1f);
        // An inpainting UNet predicts noise for the latents alone, the first channels of its sample.
        var latents = options.Family == ModelFamily.Inpaint ? Channels(g, sample, 0, LatentChannels) : sample;
        var outChannels = options.Family == ModelFamily.Inpaint && _layout.SampleChannels is int ? LatentChannels : _layout.SampleChannels;
        Output(g, g.Node("Add", [latents, residual]), "out_sample", _layout.Batch, outChannels, "height", "width");
        return g;
    }

    /// <summary>
    /// Two layers whose outputs (and the embeddings') are hidden_states.0 to .2, then a final layer norm whose output is
    /// last_hidden_state, as CLIPTextTransformer computes it and Optimum exports it with output_hidden_states.
    /// </summary>
    private string WithHiddenStates(OnnxGraph g, string embeddings, string firstLayer)
    {
        var secondLayer = g.Node("Tanh", [g.Node("MatMul", [firstLayer, g.RandomFloats(_random, 0.5f, _hidden, _hidden)])]);
        string[] states = [embeddings, firstLayer, secondLayer];
        for (var i = 0; i < states.Length; i++)
            Output(g, states[i], $"hidden_states.{i}", _layout.Batch, TokenLength, _layout.HiddenSize);
        var scale = g.Floats([.. Enumerable.Range(0, _hidden).Select(i => 1f + 0.02f * i)], _hidden);
        var bias = g.Floats([.. Enumerable.Range(0, _hidden).Select(i => 0.01f * (i % 5))], _hidden);
        return g.Node("LayerNormalization", [secondLayer, scale, bias], OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", 1e-5f));
    }

    /// <summary>An LCM UNet's timestep_cond (the guidance-scale embedding), projected to a per-channel bias.</summary>
    private string GuidanceMap(OnnxGraph g)
    {
        var condition = Input(g, "timestep_cond", _layout.Batch, (long)TimeCondProjDim);
        var projected = g.Node("MatMul", [condition, g.RandomFloats(_random, 1f, TimeCondProjDim, UNetChannels)]);
        return g.Node("Reshape", [projected, g.Int64s([-1, UNetChannels, 1, 1], 4)]);
    }

    /// <summary>The timestep input, embedded as sines of halving frequencies, one per UNet channel, as a [N, C, 1, 1] map.</summary>
    private string TimestepMap(OnnxGraph g)
    {
        g.Input("timestep", _layout.FloatTimestep ? Io : OnnxElementType.Int64, _layout.TimestepDims);
        var t = g.Node("Cast", ["timestep"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        var frequencies = Enumerable.Range(0, UNetChannels).Select(i => 0.5f / MathF.Pow(2, i)).ToArray();
        // Reshape rather than Unsqueeze, so a rank-0 timestep becomes a column as a rank-1 one does.
        var tColumn = g.Node("Reshape", [t, g.Int64s([-1, 1], 2)]);
        var tEmbedding = g.Node("Sin", [g.Node("Mul", [tColumn, g.Floats(frequencies, 1, UNetChannels)])]);
        return g.Node("Reshape", [tEmbedding, g.Int64s([-1, UNetChannels, 1, 1], 4)]);
    }

    public OnnxGraph VaeDecoder()
    {
        var g = new OnnxGraph("vae_decoder");
        var latent = Input(g, "latent_sample", _layout.Batch, _layout.LatentChannels, "latent_height", "latent_width");
        var rgb = Conv(g, latent, LatentChannels, 3, 1, 0.5f);
        var scales = g.Floats([1, 1, VaeScale, VaeScale], 4);
        var upscaled = g.Node("Resize", [rgb, "", scales], OnnxAttribute.String("mode", "nearest"));
        Output(g, g.Node("Tanh", [upscaled]), "sample", _layout.Batch, 3, "height", "width");
        return g;
    }

    public OnnxGraph VaeEncoder()
    {
        var g = new OnnxGraph("vae_encoder");
        var image = Input(g, "sample", _layout.Batch, 3, "height", "width");
        var pooled = g.Node("AveragePool", [image],
            OnnxAttribute.Ints("kernel_shape", VaeScale, VaeScale), OnnxAttribute.Ints("strides", VaeScale, VaeScale));
        if (!_layout.SampleInVaeEncoder && !_layout.LatentParameters)
        {
            Output(g, Conv(g, pooled, 3, LatentChannels, 1, 1f), "latent_sample", _layout.Batch, LatentChannels, "latent_height", "latent_width");
            return g;
        }
        // The posterior's parameters, mean then log-variance, as AutoencoderKL's quant_conv gives them.
        var moments = Conv(g, pooled, 3, 2 * LatentChannels, 1, 1f);
        if (_layout.LatentParameters)
        {
            Output(g, moments, "latent_parameters", _layout.Batch, 2 * LatentChannels, "latent_height", "latent_width");
            return g;
        }
        // latent_dist.sample() traced into the graph: mean + exp(logvar / 2) * RandomNormalLike(mean).
        var mean = Channels(g, moments, 0, LatentChannels);
        var logVariance = g.Node("Clip", [Channels(g, moments, LatentChannels, 2 * LatentChannels), g.Scalar(-30f), g.Scalar(20f)]);
        var std = g.Node("Exp", [g.Node("Mul", [logVariance, g.Scalar(0.5f)])]);
        var noise = g.Node("RandomNormalLike", [mean], OnnxAttribute.Int("dtype", (long)OnnxElementType.Float));
        Output(g, g.Node("Add", [mean, g.Node("Mul", [std, noise])]), "latent_sample", _layout.Batch, LatentChannels, "latent_height", "latent_width");
        return g;
    }

    private static string Channels(OnnxGraph g, string value, long start, long end) =>
        g.Node("Slice", [value, g.Int64s([start], 1), g.Int64s([end], 1), g.Int64s([1], 1)]);

    /// <summary>Flags an image whose mean normalised CLIP input is above zero: bright images are flagged, dark ones not.</summary>
    public OnnxGraph SafetyChecker()
    {
        var g = new OnnxGraph("safety_checker");
        var clip = Input(g, "clip_input", "batch_size", 3, 224, 224);
        g.Input("images", Io, "batch_size", "height", "width", 3);
        var mean = g.Node("ReduceMean", [clip], OnnxAttribute.Ints("axes", 1, 2, 3), OnnxAttribute.Int("keepdims", 0));
        g.NodeTo("Greater", [mean, g.Scalar(0f)], "has_nsfw_concepts");
        g.NodeTo("Identity", ["images"], "out_images");
        g.Output("out_images", Io, "batch_size", "height", "width", 3);
        g.Output("has_nsfw_concepts", OnnxElementType.Bool, "batch_size");
        return g;
    }

    private string Conv(OnnxGraph g, string input, int inChannels, int outChannels, int kernel, float scale)
    {
        var pad = kernel / 2;
        return g.Node("Conv",
            [input, g.RandomFloats(_random, scale, outChannels, inChannels, kernel, kernel), g.RandomFloats(_random, 0.1f, outChannels)],
            OnnxAttribute.Ints("pads", pad, pad, pad, pad));
    }

    private string Input(OnnxGraph g, string name, params object[] dims)
    {
        g.Input(name, Io, dims);
        return options.Float16 ? g.Node("Cast", [name], OnnxAttribute.Int("to", (long)OnnxElementType.Float)) : name;
    }

    private void Output(OnnxGraph g, string value, string name, params object[] dims)
    {
        g.NodeTo(options.Float16 ? "Cast" : "Identity", [value], name,
            options.Float16 ? [OnnxAttribute.Int("to", (long)OnnxElementType.Float16)] : []);
        g.Output(name, Io, dims);
    }
}
