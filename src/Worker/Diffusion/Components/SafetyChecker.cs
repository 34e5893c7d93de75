using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Components;

/// <summary>The optional safety checker graph: flags images; what to show is the job's decision.</summary>
public sealed class SafetyChecker : IDisposable
{
    public const int ClipSize = 224;
    private const string FlagsName = "has_nsfw_concepts";

    private readonly InferenceSession _session;
    private bool _disposed;
    private readonly TensorElementType _clipType;
    private readonly TensorElementType _imageType;

    private SafetyChecker(InferenceSession session, string modelPath)
    {
        _session = session;
        var signature = new GraphSignature(session, modelPath);
        var clip = signature.Input("clip_input", 4, GraphSignature.FloatTypes);
        signature.RequireDim(clip, "clip_input", 1, 3);
        signature.RequireDim(clip, "clip_input", 2, ClipSize);
        signature.RequireDim(clip, "clip_input", 3, ClipSize);
        _clipType = clip.ElementDataType;
        _imageType = signature.Input("images", 4, GraphSignature.FloatTypes).ElementDataType;
        signature.Output(FlagsName, -1, TensorElementType.Bool);
    }

    public static SafetyChecker Load(string modelPath, OnnxSessionFactory factory)
    {
        var session = factory.Create(modelPath);
        try
        {
            return new SafetyChecker(session, modelPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks one image: <paramref name="clipInput"/> is the CLIP-normalised [3, 224, 224] crop and
    /// <paramref name="image"/> the [H, W, 3] picture in [0, 1], as diffusers passes them.
    /// </summary>
    public bool IsFlagged(ReadOnlySpan<float> clipInput, ReadOnlySpan<float> image, int height, int width)
    {
        // A disposed native session would crash the process rather than throw.
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var clip = TensorData.FromFloats(clipInput, [1, 3, ClipSize, ClipSize], _clipType);
        using var images = TensorData.FromFloats(image, [1, height, width, 3], _imageType);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, ["clip_input", "images"], [clip, images], [FlagsName]);
        return outputs[0].GetTensorDataAsSpan<bool>()[0];
    }

    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }
}
