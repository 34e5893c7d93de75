using DreamBot.Worker.Diffusion.Loading;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>Checks a session's inputs and outputs against what the pipeline will feed and read, naming the file on failure.</summary>
public sealed class GraphSignature(InferenceSession session, string modelPath)
{
    public static readonly TensorElementType[] FloatTypes = [TensorElementType.Float, TensorElementType.Float16];

    public string ModelPath => modelPath;

    public NodeMetadata Input(string name, int rank, params TensorElementType[] types) =>
        Check(session.InputMetadata, "input", name, rank, types);

    public NodeMetadata Output(string name, int rank, params TensorElementType[] types) =>
        Check(session.OutputMetadata, "output", name, rank, types);

    /// <summary>The first output's name when the expected one is absent (diffusers reads outputs by position).</summary>
    public string OutputNameOr(string preferred) =>
        session.OutputMetadata.ContainsKey(preferred) ? preferred : session.OutputNames[0];

    public ModelFolderException Error(string reason) => new(modelPath, reason);

    /// <summary>The size of a fixed dimension, or null when it is symbolic.</summary>
    public static int? FixedDim(NodeMetadata node, int axis) =>
        node.Dimensions[axis] > 0 ? node.Dimensions[axis] : null;

    public void RequireDim(NodeMetadata node, string name, int axis, int expected)
    {
        if (FixedDim(node, axis) is { } actual && actual != expected)
            throw Error($"'{name}' has size {actual} on axis {axis}, expected {expected}");
    }

    private NodeMetadata Check(IReadOnlyDictionary<string, NodeMetadata> nodes, string kind, string name, int rank, TensorElementType[] types)
    {
        if (!nodes.TryGetValue(name, out var node))
            throw Error($"has no {kind} '{name}' (it has: {string.Join(", ", nodes.Keys)})");
        if (!node.IsTensor)
            throw Error($"{kind} '{name}' is not a tensor");
        if (rank >= 0 && node.Dimensions.Length != rank)
            throw Error($"{kind} '{name}' has rank {node.Dimensions.Length}, expected {rank}");
        if (!types.Contains(node.ElementDataType))
            throw Error($"{kind} '{name}' is {node.ElementDataType}, expected {string.Join(" or ", types)}");
        return node;
    }
}
