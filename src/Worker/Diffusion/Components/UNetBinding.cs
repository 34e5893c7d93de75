using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Components;

/// <summary>
/// The UNet's inputs and output bound for a whole denoising loop: each step writes the sample and timestep into pinned
/// host buffers (on CUDA, binding them is the step's one small host-to-device copy) and reads the prediction from a bound
/// output, so a step on the CPU allocates nothing. The text embeddings stay wherever the encoder left them (GPU memory on CUDA).
/// </summary>
public sealed class UNetBinding : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue _sample;
    private readonly OrtValue _timestep;
    private readonly OrtValue _output;
    private readonly OrtValue? _guidanceEmbedding;
    private readonly float[] _sample32;
    private readonly float[] _output32;
    private readonly Float16[]? _sample16;
    private readonly Float16[]? _output16;
    private readonly long[]? _timestepInt64;
    private readonly float[]? _timestepFloat;
    private readonly Float16[]? _timestepHalf;
    private readonly bool _rebindInputs;

    internal UNetBinding(InferenceSession session, UNet unet, OrtValue embeddings, long[] shape, int latentChannels, IReadOnlyList<double> guidance)
    {
        _session = session;
        var count = (int)(shape[0] * shape[1] * shape[2] * shape[3]);
        var plane = (int)(shape[2] * shape[3]);
        RowLength = (int)shape[1] * plane;
        LatentLength = latentChannels * plane;
        var outputShape = new[] { shape[0], latentChannels, shape[2], shape[3] };
        var outputCount = (int)shape[0] * LatentLength;
        _sample32 = new float[count];
        _output32 = new float[outputCount];
        if (unet.ElementType == TensorElementType.Float16)
        {
            _sample16 = new Float16[count];
            _output16 = new Float16[outputCount];
            _sample = OrtValue.CreateTensorValueFromMemory(_sample16, shape);
            _output = OrtValue.CreateTensorValueFromMemory(_output16, outputShape);
        }
        else
        {
            _sample = OrtValue.CreateTensorValueFromMemory(_sample32, shape);
            _output = OrtValue.CreateTensorValueFromMemory(_output32, outputShape);
        }
        var timesteps = (int)unet.TimestepShape.Aggregate(1L, (product, dim) => product * dim);
        _timestep = unet.TimestepType switch
        {
            TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(_timestepInt64 = new long[timesteps], unet.TimestepShape),
            TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(_timestepHalf = new Float16[timesteps], unet.TimestepShape),
            _ => OrtValue.CreateTensorValueFromMemory(_timestepFloat = new float[timesteps], unet.TimestepShape),
        };
        _binding = session.CreateIoBinding();
        // Binding a host tensor to a GPU session copies it to the device there and then, so there the step's sample and
        // timestep are bound again before each run; the CPU reads the bound buffers themselves.
        _rebindInputs = unet.InputsCopiedWhenBound;
        BindInputs();
        _binding.BindInput("encoder_hidden_states", embeddings);
        if (unet.GuidanceEmbeddingSize is { } size)
        {
            var rows = guidance.SelectMany(g => GuidanceEmbedding.Compute(g, size)).ToArray();
            _guidanceEmbedding = TensorData.FromFloats(rows, [shape[0], size], unet.ElementType);
            _binding.BindInput(UNet.TimestepCondName, _guidanceEmbedding);
        }
        _binding.BindOutput(unet.OutputName, _output);
    }

    /// <summary>The model input to fill before <see cref="Predict"/>, float32 whatever the model's precision.</summary>
    public Span<float> Sample => _sample32;

    /// <summary>One sample's values in <see cref="Sample"/>: its latents, then an inpainting UNet's mask and masked-image latents.</summary>
    public int RowLength { get; }

    /// <summary>One sample's latents (and predicted noise) within a row.</summary>
    public int LatentLength { get; }

    /// <summary>
    /// Writes an inpainting UNet's mask and masked-image latents (<paramref name="conditioning"/>, the channels after
    /// the latents) into every row, once for the whole loop: each step rewrites only the latents before them.
    /// </summary>
    public void SetConditioning(ReadOnlySpan<float> conditioning)
    {
        if (conditioning.Length != RowLength - LatentLength)
            throw new ArgumentException($"The UNet takes {RowLength - LatentLength} conditioning values per sample, not {conditioning.Length}", nameof(conditioning));
        for (var row = 0; row < _sample32.Length / RowLength; row++)
            conditioning.CopyTo(_sample32.AsSpan((row * RowLength) + LatentLength, conditioning.Length));
    }

    /// <summary>Time spent inside ONNX Runtime by all <see cref="Predict"/> calls so far.</summary>
    public TimeSpan OrtTime { get; private set; }

    /// <summary>Runs the UNet on <see cref="Sample"/> at <paramref name="timestep"/>; the result is valid until the next call.</summary>
    public ReadOnlySpan<float> Predict(double timestep)
    {
        // diffusers casts the timestep with numpy's astype: truncation for integer models. A fixed-length timestep
        // input (a static-batch export) gets the step's timestep in every slot.
        if (_timestepInt64 is not null)
            _timestepInt64.AsSpan().Fill((long)timestep);
        else if (_timestepHalf is not null)
            MemoryMarshal.Cast<Float16, Half>(_timestepHalf.AsSpan()).Fill((Half)timestep);
        else
            _timestepFloat.AsSpan().Fill((float)timestep);
        if (_sample16 is not null)
            TensorPrimitives.ConvertToHalf(_sample32, MemoryMarshal.Cast<Float16, Half>(_sample16.AsSpan()));

        var start = Stopwatch.GetTimestamp();
        if (_rebindInputs)
            BindInputs();
        _session.RunWithBinding(_runOptions, _binding);
        OrtTime += Stopwatch.GetElapsedTime(start);

        if (_output16 is not null)
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(_output16.AsSpan()), _output32);
        return _output32;
    }

    /// <summary>Binds an input that stays the same for the whole loop (SDXL's added conditioning).</summary>
    internal void BindConstant(string name, OrtValue value) => _binding.BindInput(name, value);

    private void BindInputs()
    {
        _binding.BindInput("sample", _sample);
        _binding.BindInput("timestep", _timestep);
    }

    public void Dispose()
    {
        _binding.Dispose();
        _sample.Dispose();
        _timestep.Dispose();
        _output.Dispose();
        _guidanceEmbedding?.Dispose();
        _runOptions.Dispose();
    }
}
