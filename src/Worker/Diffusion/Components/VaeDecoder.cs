using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Components;

/// <summary>The VAE decoder graph: scaled-back latents [1, C, h, w] to an image [1, 3, H, W] in [-1, 1].</summary>
public sealed class VaeDecoder : IDisposable
{
    private const string InputName = "latent_sample";

    private readonly InferenceSession _session;
    private bool _disposed;
    private readonly string _outputName;

    private VaeDecoder(InferenceSession session, ModelFolder folder)
    {
        _session = session;
        var signature = new GraphSignature(session, folder.VaeDecoder);
        var latent = signature.Input(InputName, 4, GraphSignature.FloatTypes);
        ElementType = latent.ElementDataType;
        LatentChannels = GraphCount.Resolve(signature, latent, InputName, 1, folder.VaeLatentChannels, folder.VaeConfig,
            graph => graph.FirstWeightShape(InputName, "Conv", 1)?[1]);
        _outputName = signature.OutputNameOr("sample");
        var image = signature.Output(_outputName, 4, GraphSignature.FloatTypes);
        signature.RequireDim(image, _outputName, 1, 3);
        // A static export reveals its upscale factor directly; dynamic ones rely on the VAE config.
        if (GraphSignature.FixedDim(latent, 2) is { } h && GraphSignature.FixedDim(image, 2) is { } height && height % h == 0)
            ScaleFactor = height / h;
    }

    public TensorElementType ElementType { get; }

    public int? LatentChannels { get; }

    public int? ScaleFactor { get; }

    public static VaeDecoder Load(ModelFolder folder, OnnxSessionFactory factory)
    {
        var session = factory.Create(folder.VaeDecoder);
        try
        {
            return new VaeDecoder(session, folder);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Decodes one image; <paramref name="image"/> receives [3, H, W] floats.</summary>
    public void Decode(ReadOnlySpan<float> latents, long[] latentShape, Span<float> image)
    {
        // A disposed native session would crash the process rather than throw.
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var input = TensorData.FromFloats(latents, latentShape, ElementType);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [InputName], [input], [_outputName]);
        var expected = TensorData.ElementCount(TensorData.Shape(outputs[0]));
        if (expected != image.Length)
            throw new InvalidOperationException($"The VAE decoder returned {expected} values, expected {image.Length}");
        TensorData.ReadFloats(outputs[0], image);
    }

    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }
}
