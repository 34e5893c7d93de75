using Microsoft.ML.OnnxRuntime;

namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>
/// A count (channels, hidden size) that exporters may leave symbolic on a graph's inputs: the component's config.json
/// where there is one, else the dimension the graph fixes, else the shape of the first layer's weight.
/// </summary>
internal static class GraphCount
{
    /// <param name="fromWeights">Reads the count from the graph's weights; called only when the other two are silent.</param>
    public static int? Resolve(GraphSignature signature, NodeMetadata node, string name, int axis,
        int? configured, string configPath, Func<OnnxGraphInfo, long?>? fromWeights = null)
    {
        var fixedSize = GraphSignature.FixedDim(node, axis);
        if (configured is { } stated && fixedSize is { } declared && stated != declared)
            throw signature.Error($"'{name}' has size {declared} on axis {axis} but {configPath} says {stated}");
        if ((configured ?? fixedSize) is { } known)
            return known;
        if (fromWeights is null)
            return null;
        var weight = fromWeights(OnnxGraphInfo.Read(signature.ModelPath));
        return weight is > 0 and <= int.MaxValue ? (int)weight : null;
    }
}
