using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Text;
using DreamBot.Shared.Configuration;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Diffusion.Xl;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Components;

/// <summary>
/// The denoising UNet graph: (sample, timestep, encoder_hidden_states, and an LCM's timestep_cond) to the predicted noise;
/// an inpainting UNet's sample also carries the mask and the masked image's latents.
/// </summary>
public sealed class UNet : IDisposable
{
    internal const string TimestepCondName = "timestep_cond";

    private const int InpaintingInputChannels = 9;

    private readonly InferenceSession _session;
    private bool _disposed;

    private UNet(InferenceSession session, ModelFolder folder, bool onDevice)
    {
        _session = session;
        InputsCopiedWhenBound = onDevice;
        var signature = new GraphSignature(session, folder.UNet);
        var sample = signature.Input("sample", 4, GraphSignature.FloatTypes);
        ElementType = sample.ElementDataType;
        // diffusers' own conversion script leaves the channel axis symbolic ("channels") and writes no config.
        InputChannels = GraphCount.Resolve(signature, sample, "sample", 1, folder.UNetInChannels, folder.UNetConfig,
                graph => graph.FirstWeightShape("sample", "Conv", 1)?[1])
            ?? throw signature.Error($"the channel count of 'sample' is neither in {folder.UNetConfig}, fixed in the graph, nor readable from its first convolution");
        // An inpainting UNet takes the latents, a one-channel mask and the masked image's latents (diffusers checks
        // num_channels_latents + 1 + num_channels_latents == in_channels); without a config, 9 in means 4 out.
        LatentChannels = folder.UNetOutChannels ?? (InputChannels == InpaintingInputChannels ? InpaintingInputChannels / 2 : InputChannels);
        if (LatentChannels != InputChannels && !IsInpainting)
            throw new ModelFolderException(folder.UNetConfig, $"in_channels {InputChannels} is neither out_channels {LatentChannels} nor an inpainting UNet's 2 × {LatentChannels} + 1");
        var timestep = signature.Input("timestep", -1, TensorElementType.Int64, TensorElementType.Float, TensorElementType.Float16);
        if (timestep.Dimensions.Length > 1)
            throw signature.Error($"input 'timestep' has rank {timestep.Dimensions.Length}, expected 0 or 1");
        TimestepType = timestep.ElementDataType;
        // Exports declare a scalar, a symbolic length, or (static-batch exports) a fixed length; each gets what it declares.
        TimestepShape = timestep.Dimensions.Length == 0 ? [] : [GraphSignature.FixedDim(timestep, 0) ?? 1];
        var context = signature.Input("encoder_hidden_states", 3, ElementType);
        HiddenSize = GraphCount.Resolve(signature, context, "encoder_hidden_states", 2, folder.UNetCrossAttentionDim, folder.UNetConfig);
        ContextLength = GraphSignature.FixedDim(context, 1);
        FixedBatch = GraphSignature.FixedDim(sample, 0);
        if (session.InputMetadata.ContainsKey(TimestepCondName))
        {
            var condition = signature.Input(TimestepCondName, 2, ElementType);
            GuidanceEmbeddingSize = GraphCount.Resolve(signature, condition, TimestepCondName, 1, folder.UNetTimeCondProjDim, folder.UNetConfig)
                ?? throw signature.Error($"the size of '{TimestepCondName}' is neither in {folder.UNetConfig} (time_cond_proj_dim) nor fixed in the graph");
        }
        Xl = XlUNetSignature.Read(session, signature);
        OutputName = signature.OutputNameOr("out_sample");
        signature.Output(OutputName, 4, ElementType);
    }

    public TensorElementType ElementType { get; }

    /// <summary>
    /// The size of the guidance-scale embedding a guidance-distilled UNet (LCM) takes as <c>timestep_cond</c>
    /// (time_cond_proj_dim); null for a UNet that runs classifier-free guidance.
    /// </summary>
    public int? GuidanceEmbeddingSize { get; }

    /// <summary>The channels of the latents the UNet denoises (and predicts noise for).</summary>
    public int LatentChannels { get; }

    /// <summary>The channels of its sample input: the latents', or an inpainting UNet's latents, mask and masked-image latents.</summary>
    public int InputChannels { get; }

    /// <summary>Whether the sample input also takes a mask and the masked image's latents, as diffusers' inpainting pipelines feed it.</summary>
    public bool IsInpainting => InputChannels == 2 * LatentChannels + 1;

    public int? HiddenSize { get; }

    /// <summary>The batch a static-shape export fixes on its sample; null when free.</summary>
    public int? FixedBatch { get; }

    /// <summary>The token count a static-shape export fixes on encoder_hidden_states (77: one chunk); null when free.</summary>
    public int? ContextLength { get; }

    public TensorElementType TimestepType { get; }

    /// <summary>SDXL's added-conditioning inputs; null for a Stable Diffusion 1.x/2.x UNet.</summary>
    internal XlUNetSignature? Xl { get; }

    /// <summary>The shape the graph declares for its timestep: [] (rank 0), [n] when fixed, else [1].</summary>
    internal long[] TimestepShape { get; }

    internal string OutputName { get; }

    /// <summary>True on a GPU, where binding a host tensor copies it to the device at once rather than reading it at run time.</summary>
    internal bool InputsCopiedWhenBound { get; }

    public static UNet Load(ModelFolder folder, OnnxSessionFactory factory)
    {
        var session = factory.Create(folder.UNet);
        try
        {
            return new UNet(session, folder, onDevice: factory.Device != ExecutionDevice.Cpu);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Binds the buffers for a run of <paramref name="batch"/> samples of one latent size; a guidance-distilled UNet
    /// also gets each sample's <paramref name="guidance"/> (one per sample; 1 when null) as its embedding.
    /// </summary>
    public UNetBinding Bind(TextEmbeddings embeddings, int batch, int latentHeight, int latentWidth, IReadOnlyList<double>? guidance = null)
    {
        // A disposed native session would crash the process rather than throw.
        ObjectDisposedException.ThrowIf(_disposed, this);
        guidance ??= Enumerable.Repeat(1.0, batch).ToArray();
        if (guidance.Count != batch)
            throw new ArgumentException($"{guidance.Count} guidance scales for {batch} samples.", nameof(guidance));
        var binding = new UNetBinding(_session, this, embeddings.Value, [batch, InputChannels, latentHeight, latentWidth], LatentChannels, guidance);
        if (embeddings.Added is { } added)
        {
            binding.BindConstant(XlUNetSignature.TextEmbeds, added.TextEmbeds);
            binding.BindConstant(XlUNetSignature.TimeIds, added.TimeIds);
        }
        return binding;
    }

    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }
}
