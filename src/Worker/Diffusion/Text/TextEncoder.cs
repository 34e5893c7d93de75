using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Text;

/// <summary>The CLIP text encoder graph: token ids [N, 77] to hidden states [N, 77, hidden].</summary>
public sealed class TextEncoder : IDisposable
{
    private const string InputName = "input_ids";

    private readonly InferenceSession _session;
    private bool _disposed;
    private readonly OnnxSessionFactory _factory;
    private readonly string _outputName;

    private TextEncoder(InferenceSession session, OnnxSessionFactory factory, ModelFolder folder)
    {
        _session = session;
        _factory = factory;
        var signature = new GraphSignature(session, folder.TextEncoder);
        var ids = signature.Input(InputName, 2, TensorElementType.Int32, TensorElementType.Int64);
        InputIdType = ids.ElementDataType;
        SequenceLength = GraphSignature.FixedDim(ids, 1);
        _outputName = signature.OutputNameOr("last_hidden_state");
        var hidden = signature.Output(_outputName, 3, GraphSignature.FloatTypes);
        // Older Optimum exports leave the feature axis symbolic; the token embedding table still has it.
        HiddenSize = GraphCount.Resolve(signature, hidden, _outputName, 2, folder.TextHiddenSize, folder.TextEncoderConfig,
                graph => graph.FirstWeightShape(InputName, "Gather", 0)?[1])
            ?? throw signature.Error($"the hidden size of '{_outputName}' is neither in {folder.TextEncoderConfig}, fixed in the graph, nor readable from its token embedding");
        ElementType = hidden.ElementDataType;
        OutputNames = [.. session.OutputNames];
    }

    /// <summary>The hidden states <see cref="Encode"/> returns: last_hidden_state, or whatever an export called it.</summary>
    public string OutputName => _outputName;

    /// <summary>Every output of the graph, with hidden_states.N where an export kept each layer's output.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Int32 in Optimum exports, Int64 in some others.</summary>
    public TensorElementType InputIdType { get; }

    public int HiddenSize { get; }

    public int? SequenceLength { get; }

    public TensorElementType ElementType { get; }

    /// <summary>The graph's session, for SDXL's reader of its hidden-state outputs.</summary>
    internal InferenceSession Session => _session;

    public static TextEncoder Load(ModelFolder folder, OnnxSessionFactory factory)
    {
        var session = factory.Create(folder.TextEncoder);
        try
        {
            return new TextEncoder(session, factory, folder);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Encodes all rows in one call; the hidden states stay in device memory for the UNet to read.</summary>
    public TextEmbeddings Encode(IReadOnlyList<int[]> rows)
    {
        // A disposed native session would crash the process rather than throw.
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var ids = Ids(rows);
        using var binding = _session.CreateIoBinding();
        using var runOptions = new RunOptions();
        binding.BindInput(InputName, ids);
        binding.BindOutputToDevice(_outputName, _factory.DeviceMemory);
        _session.RunWithBinding(runOptions, binding);
        return new TextEmbeddings(binding.GetOutputValues());
    }

    /// <summary>Encodes all rows in one call and copies output <paramref name="outputName"/> to the host as float32 [N, 77, hidden].</summary>
    public float[] EncodeOnHost(IReadOnlyList<int[]> rows, string outputName)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var ids = Ids(rows);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [InputName], [ids], [outputName]);
        var hidden = new float[rows.Count * rows[0].Length * HiddenSize];
        TensorData.ReadFloats(outputs[0], hidden);
        return hidden;
    }

    private OrtValue Ids(IReadOnlyList<int[]> rows)
    {
        var shape = new long[] { rows.Count, rows[0].Length };
        return InputIdType == TensorElementType.Int64
            ? OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r).Select(id => (long)id).ToArray(), shape)
            : OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r).ToArray(), shape);
    }

    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }
}
