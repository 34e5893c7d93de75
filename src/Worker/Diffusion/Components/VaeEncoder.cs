using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Components;

/// <summary>The VAE encoder graph (image-to-image): an image [1, 3, H, W] in [-1, 1] to latents [1, C, h, w].</summary>
public sealed class VaeEncoder : IDisposable
{
    private const string InputName = "sample";

    private readonly InferenceSession _session;
    private bool _disposed;
    private readonly string _outputName;

    private VaeEncoder(InferenceSession session, string modelPath, bool drawsNoise)
    {
        _session = session;
        DrawsNoise = drawsNoise;
        var signature = new GraphSignature(session, modelPath);
        var image = signature.Input(InputName, 4, GraphSignature.FloatTypes);
        signature.RequireDim(image, InputName, 1, 3);
        ElementType = image.ElementDataType;
        _outputName = signature.OutputNameOr("latent_sample");
        signature.Output(_outputName, 4, GraphSignature.FloatTypes);
    }

    public TensorElementType ElementType { get; }

    /// <summary>
    /// True when the export samples the latent distribution inside the graph (diffusers' conversion script, older
    /// Optimum): its random op is then fixed at zero, so it returns the mean and image-to-image is reproducible.
    /// </summary>
    public bool DrawsNoise { get; }

    public static VaeEncoder Load(string modelPath, OnnxSessionFactory factory)
    {
        var graph = OnnxGraphInfo.Read(modelPath);
        var drawsNoise = ZeroNoiseGraph.Draws(graph);
        var session = drawsNoise ? factory.Create(modelPath, ZeroNoiseGraph.Rewrite(modelPath, graph)) : factory.Create(modelPath);
        try
        {
            return new VaeEncoder(session, modelPath, drawsNoise);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Encodes one image into <paramref name="latents"/> ([C, h, w]): the latent distribution's mean, whichever way the
    /// export gives it (the parameters' first C of 2C channels, or a sample drawn with zero noise).
    /// </summary>
    public void Encode(ReadOnlySpan<float> image, long[] imageShape, Span<float> latents)
    {
        // A disposed native session would crash the process rather than throw.
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var input = TensorData.FromFloats(image, imageShape, ElementType);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [InputName], [input], [_outputName]);
        var count = (int)TensorData.ElementCount(TensorData.Shape(outputs[0]));
        if (count != latents.Length && count != 2 * latents.Length)
            throw new InvalidOperationException($"The VAE encoder returned {count} values, expected {latents.Length}");
        var all = new float[count];
        TensorData.ReadFloats(outputs[0], all);
        all.AsSpan(0, latents.Length).CopyTo(latents);
    }

    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }
}
