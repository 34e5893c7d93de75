namespace DreamBot.ModelBuilder;

/// <summary>
/// SDXL's tiny graphs: two CLIP text encoders that also output every layer's hidden states as Optimum exports them
/// (CLIPTextOnnxConfig / CLIPTextWithProjectionOnnxConfig with output_hidden_states: <c>hidden_states.0</c> is the
/// embeddings, <c>hidden_states.N</c> the last layer before the final norm), and a UNet whose added conditioning works
/// like UNet2DConditionModel's "text_time" embedding: sinusoids of the six time ids, concatenated with
/// <c>text_embeds</c>, through a linear layer into the timestep features.
/// </summary>
internal sealed partial class TinyGraphs
{
    public const int XlHiddenSize2 = 48;
    public const int XlProjectionSize = 40;
    public const int XlTextLayers = 2;
    public const int XlTimeEmbedSize = 4;
    public const int XlContextSize = HiddenSize + XlHiddenSize2;
    public const int XlAddedInputSize = XlProjectionSize + 6 * XlTimeEmbedSize;

    /// <summary>The second encoder (CLIPTextModelWithProjection): text_embeds first, as Optimum orders its outputs.</summary>
    public OnnxGraph TextEncoder2() => XlTextEncoder(second: true);

    private OnnxGraph XlTextEncoder(bool second)
    {
        var width = second ? XlHiddenSize2 : HiddenSize;
        object widthDim = _layout.HiddenSize is string symbol ? symbol : width;
        var g = new OnnxGraph(second ? "text_encoder_2" : "text_encoder");
        var sequence = options.Layout is ExportLayout.DiffusersScript or ExportLayout.DiffusersScriptOld ? "sequence" : "sequence_length";
        var ids = g.Input("input_ids", _layout.Int64Ids ? OnnxElementType.Int64 : OnnxElementType.Int32, _layout.Batch,
            options.Layout == ExportLayout.DreamBot ? TokenLength : sequence);
        var embedded = g.Node("Gather", [g.RandomFloats(_random, 1f, VocabSize, width), ids], OnnxAttribute.Int("axis", 0));
        var states = new List<string> { g.Node("Add", [embedded, g.RandomFloats(_random, 0.1f, TokenLength, width)]) };
        for (var layer = 0; layer < XlTextLayers; layer++)
            states.Add(g.Node("Tanh", [g.Node("MatMul", [states[^1], g.RandomFloats(_random, 0.5f, width, width)])]));
        // A stand-in for the final layer norm, so last_hidden_state differs from the last hidden_states entry.
        var last = g.Node("Tanh", [g.Node("Mul", [states[^1], g.Scalar(2f)])]);
        var pooled = g.Node("ReduceMean", [last], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        if (second)
        {
            var projected = g.Node("MatMul", [pooled, g.RandomFloats(_random, 0.5f, XlHiddenSize2, XlProjectionSize)]);
            Output(g, projected, "text_embeds", _layout.Batch, XlProjectionSize);
            Output(g, last, "last_hidden_state", _layout.Batch, TokenLength, widthDim);
        }
        else
        {
            Output(g, last, "last_hidden_state", _layout.Batch, TokenLength, widthDim);
            Output(g, pooled, "pooler_output", _layout.Batch, widthDim);
        }
        for (var i = 0; i < states.Count; i++)
            Output(g, states[i], $"hidden_states.{i}", _layout.Batch, TokenLength, widthDim);
        return g;
    }

    private OnnxGraph XlUNet()
    {
        var g = new OnnxGraph("unet");
        var sample = Input(g, "sample", _layout.Batch, _layout.SampleChannels, "height", "width");
        var tMap = TimestepMap(g);

        object contextDim = _layout.HiddenSize is string symbol ? symbol : XlContextSize;
        var context = Input(g, "encoder_hidden_states", _layout.Batch, "sequence_length", contextDim);
        var pooled = g.Node("ReduceMean", [context], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        var projected = g.Node("MatMul", [pooled, g.RandomFloats(_random, 3f, XlContextSize, UNetChannels)]);
        var contextMap = g.Node("Reshape", [projected, g.Int64s([-1, UNetChannels, 1, 1], 4)]);

        // add_time_proj (cos and sin halves) of each time id, flattened per sample, beside text_embeds: add_embedding.
        var textEmbeds = Input(g, "text_embeds", _layout.Batch, XlProjectionSize);
        var timeIds = Input(g, "time_ids", _layout.Batch, 6);
        var idColumn = g.Node("Reshape", [timeIds, g.Int64s([-1, 1], 2)]);
        var idFrequencies = g.Floats([1f, 0.01f], 1, XlTimeEmbedSize / 2);
        var idAngles = g.Node("Mul", [idColumn, idFrequencies]);
        var idEmbedding = g.Node("Concat", [g.Node("Cos", [idAngles]), g.Node("Sin", [idAngles])], OnnxAttribute.Int("axis", 1));
        var idFeatures = g.Node("Reshape", [idEmbedding, g.Int64s([-1, 6 * XlTimeEmbedSize], 2)]);
        var added = g.Node("Concat", [textEmbeds, idFeatures], OnnxAttribute.Int("axis", 1));
        var addedEmbedding = g.Node("MatMul", [added, g.RandomFloats(_random, 0.5f, XlAddedInputSize, UNetChannels)]);
        var addedMap = g.Node("Reshape", [addedEmbedding, g.Int64s([-1, UNetChannels, 1, 1], 4)]);

        var features = Conv(g, sample, LatentChannels, UNetChannels, 3, 0.3f);
        var conditioned = g.Node("Add", [g.Node("Add", [g.Node("Add", [features, tMap]), contextMap]), addedMap]);
        var deeper = g.Node("Tanh", [Conv(g, g.Node("Tanh", [conditioned]), UNetChannels, UNetChannels, 3, 0.1f)]);
        var residual = Conv(g, deeper, UNetChannels, LatentChannels, 3, 0.1f);
        Output(g, g.Node("Add", [sample, residual]), "out_sample", _layout.Batch, _layout.SampleChannels, "height", "width");
        return g;
    }
}
