using DreamBot.Shared.Configuration;
using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion;

/// <summary>The denoising UNet graph: (sample, timestep, encoder_hidden_states) to the predicted noise.</summary>
public sealed class UNet : IDisposable
{
    private readonly InferenceSession _session;
    private bool _disposed;

    private UNet(InferenceSession session, string modelPath, bool onDevice)
    {
        _session = session;
        InputsCopiedWhenBound = onDevice;
        var signature = new GraphSignature(session, modelPath);
        var sample = signature.Input("sample", 4, GraphSignature.FloatTypes);
        ElementType = sample.ElementDataType;
        LatentChannels = GraphSignature.FixedDim(sample, 1) ?? throw signature.Error("input 'sample' has no fixed channel count");
        var timestep = signature.Input("timestep", -1, TensorElementType.Int64, TensorElementType.Float, TensorElementType.Float16);
        if (timestep.Dimensions.Length > 1)
            throw signature.Error($"input 'timestep' has rank {timestep.Dimensions.Length}, expected 0 or 1");
        TimestepType = timestep.ElementDataType;
        // A symbolic size gets one timestep, as diffusers feeds np.array([t]); a static export's fixed size (e.g. [2] for
        // a batch-2 graph) gets the same timestep in every entry.
        TimestepShape = timestep.Dimensions.Length == 0 ? [] : [GraphSignature.FixedDim(timestep, 0) ?? 1];
        var context = signature.Input("encoder_hidden_states", 3, ElementType);
        HiddenSize = GraphSignature.FixedDim(context, 2);
        OutputName = signature.OutputNameOr("out_sample");
        signature.Output(OutputName, 4, ElementType);
    }

    public TensorElementType ElementType { get; }

    public int LatentChannels { get; }

    public int? HiddenSize { get; }

    public TensorElementType TimestepType { get; }

    /// <summary>The shape the graph declares for its timestep: [] (rank 0), [n] when fixed, else [1].</summary>
    internal long[] TimestepShape { get; }

    internal string OutputName { get; }

    /// <summary>True on a GPU, where binding a host tensor copies it to the device at once rather than reading it at run time.</summary>
    internal bool InputsCopiedWhenBound { get; }

    public static UNet Load(string modelPath, OnnxSessionFactory factory)
    {
        var session = factory.Create(modelPath);
        try
        {
            return new UNet(session, modelPath, onDevice: factory.Device != ExecutionDevice.Cpu);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Binds the buffers for a run of <paramref name="batch"/> samples of one latent size.</summary>
    public UNetBinding Bind(TextEmbeddings embeddings, int batch, int latentHeight, int latentWidth)
    {
        // A disposed native session would crash the process rather than throw.
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new(_session, this, embeddings.Value, [batch, LatentChannels, latentHeight, latentWidth]);
    }

    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }
}
