using DreamBot.Worker.Diffusion.Text;
using System.Globalization;
using System.Text.RegularExpressions;
using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Xl;

/// <summary>
/// One of SDXL's CLIP text encoders, read as diffusers' StableDiffusionXLPipeline.encode_prompt reads it: the hidden
/// states of the penultimate layer (<c>hidden_states[-2]</c>) and, for the second encoder, the projected pooled output
/// (<c>text_embeds</c>). Optimum's exporter (CLIPTextOnnxConfig, CLIPTextWithProjectionOnnxConfig with
/// output_hidden_states) writes <c>last_hidden_state</c> and <c>pooler_output</c> or <c>text_embeds</c>, then
/// <c>hidden_states.0</c> to <c>hidden_states.N</c>; outputs named otherwise are taken by position, as Optimum's ORT
/// pipeline takes them (the pooled one first, the penultimate layer second to last).
/// </summary>
internal sealed partial class XlTextEncoder : IDisposable
{
    private const string InputName = "input_ids";
    private const string PooledName = "text_embeds";

    private readonly InferenceSession _session;
    private readonly bool _ownsSession;
    private readonly string _hiddenName;
    private readonly string? _pooledName;
    private readonly TensorElementType _idType;

    private XlTextEncoder(InferenceSession session, string modelPath, bool ownsSession, bool pooled)
    {
        _session = session;
        _ownsSession = ownsSession;
        var signature = new GraphSignature(session, modelPath);
        _idType = signature.Input(InputName, 2, TensorElementType.Int32, TensorElementType.Int64).ElementDataType;
        _hiddenName = PenultimateHiddenState(session)
            ?? throw signature.Error("has no hidden-state outputs (hidden_states.0 to hidden_states.N), which SDXL conditions on; export the text encoders with output_hidden_states");
        var hidden = signature.Output(_hiddenName, 3, GraphSignature.FloatTypes);
        HiddenSize = GraphSignature.FixedDim(hidden, 2);
        if (!pooled)
            return;
        _pooledName = session.OutputMetadata.ContainsKey(PooledName) ? PooledName
            : session.OutputMetadata[session.OutputNames[0]].Dimensions.Length == 2 ? session.OutputNames[0]
            : throw signature.Error($"has no pooled output '{PooledName}' (nor a rank-2 first output), which SDXL's UNet takes as text_embeds");
        PooledSize = GraphSignature.FixedDim(signature.Output(_pooledName, 2, GraphSignature.FloatTypes), 1);
    }

    /// <summary>The penultimate layer's width where the graph fixes it; else known after the first run.</summary>
    public int? HiddenSize { get; }

    public int? PooledSize { get; }

    /// <summary>The first encoder, on the session the model's <see cref="TextEncoder"/> already holds.</summary>
    public static XlTextEncoder Borrow(InferenceSession session, string modelPath) => new(session, modelPath, ownsSession: false, pooled: false);

    /// <summary>The second encoder, with a session of its own and the pooled output.</summary>
    public static XlTextEncoder Load(string modelPath, OnnxSessionFactory factory)
    {
        var session = factory.Create(modelPath);
        try
        {
            return new XlTextEncoder(session, modelPath, ownsSession: true, pooled: true);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Encodes one row of token ids: the penultimate hidden states [tokens, width] and the pooled output, as float32.</summary>
    public XlTextFeatures Encode(int[] ids)
    {
        var shape = new long[] { 1, ids.Length };
        using var input = _idType == TensorElementType.Int64
            ? OrtValue.CreateTensorValueFromMemory(ids.Select(id => (long)id).ToArray(), shape)
            : OrtValue.CreateTensorValueFromMemory(ids.ToArray(), shape);
        using var runOptions = new RunOptions();
        string[] names = _pooledName is null ? [_hiddenName] : [_hiddenName, _pooledName];
        using var outputs = _session.Run(runOptions, [InputName], [input], names);
        var hiddenShape = TensorData.Shape(outputs[0]);
        var hidden = new float[TensorData.ElementCount(hiddenShape)];
        TensorData.ReadFloats(outputs[0], hidden);
        float[] pooled = [];
        if (_pooledName is not null)
        {
            pooled = new float[TensorData.ElementCount(TensorData.Shape(outputs[1]))];
            TensorData.ReadFloats(outputs[1], pooled);
        }
        return new XlTextFeatures(hidden, (int)hiddenShape[2], pooled);
    }

    public void Dispose()
    {
        if (_ownsSession)
            _session.Dispose();
    }

    /// <summary><c>hidden_states.{N-1}</c> of <c>hidden_states.0..N</c>; without such names, the second-to-last output.</summary>
    private static string? PenultimateHiddenState(InferenceSession session)
    {
        var layers = session.OutputNames
            .Select(name => HiddenStateName().Match(name))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        if (layers.Count > 0)
        {
            var penultimate = $"hidden_states.{layers.Max() - 1}";
            return session.OutputMetadata.ContainsKey(penultimate) ? penultimate : null;
        }
        // Only an export that added hidden states has more outputs than the two a CLIP text model always writes.
        return session.OutputNames.Count > 2 ? session.OutputNames[^2] : null;
    }

    [GeneratedRegex(@"^hidden_states\.(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex HiddenStateName();
}
