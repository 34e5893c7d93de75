using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DreamBot.ModelBuilder.FullSize;

/// <summary>
/// Weights and the torch layers Stable Diffusion is made of, written as plain opset 17 nodes into one graph in float32
/// or float16. Random weights are uniform in ±sqrt(3 / fan-in), so every layer roughly keeps its input's variance and
/// activations stay bounded in float16 too. <paramref name="fused"/> writes the layers as ONNX Runtime's Stable
/// Diffusion optimiser leaves them (its CUDA-only contrib operators), with the same parameters.
/// </summary>
internal sealed partial class Layers(OnnxGraph graph, bool half, int seed, int part, bool fused = false)
{
    private const int Groups = 32;

    private const float BiasScale = 0.02f;

    private ulong _nextTensor;

    public OnnxGraph Graph => graph;

    public OnnxElementType Type => half ? OnnxElementType.Float16 : OnnxElementType.Float;

    /// <summary>Learned values so far (weights, biases, norm scales), as torch counts parameters.</summary>
    public long ParameterCount { get; private set; }

    public string Weight(float scale, params long[] dims)
    {
        var key = ((ulong)(uint)seed << 32) | ((ulong)(uint)part << 24) | _nextTensor++;
        var count = Count(dims);
        ParameterCount += count;
        return graph.Lazy(Type, dims, () => RandomWeights.Uniform(key, count, scale, half));
    }

    /// <summary>A learned tensor at its initial value: norm gammas (1) and betas (0).</summary>
    public string Learned(float value, params long[] dims)
    {
        ParameterCount += Count(dims);
        return Constant(value, dims);
    }

    public string Constant(float value, params long[] dims)
    {
        var count = Count(dims);
        return graph.Lazy(Type, dims, () => RandomWeights.Constant(count, value, half));
    }

    /// <summary>Fixed values in the graph's precision.</summary>
    public string Values(float[] values, params long[] dims) => graph.Lazy(Type, dims, () =>
    {
        if (!half)
            return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        var halves = new Half[values.Length];
        TensorPrimitives.ConvertToHalf(values, halves);
        return MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
    });

    /// <summary>Names <paramref name="value"/> as a graph output of the graph's precision.</summary>
    public void Output(string value, string name, params object[] dims)
    {
        graph.NodeTo("Identity", [value], name);
        graph.Output(name, Type, dims);
    }

    public string Shape(params long[] values) => graph.Int64s(values, values.Length);

    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes) => graph.Node(opType, inputs, attributes);

    public string Add(string a, string b) => Node("Add", [a, b]);

    public string Mul(string a, string b) => Node("Mul", [a, b]);

    public string Linear(string x, int inFeatures, int outFeatures, bool bias = true)
    {
        var product = Node("MatMul", [x, Weight(FanIn(inFeatures), inFeatures, outFeatures)]);
        return bias ? Add(product, Weight(BiasScale, outFeatures)) : product;
    }

    public string Conv(string x, int inChannels, int outChannels, int kernel, int stride = 1, long[]? pads = null)
    {
        var pad = kernel / 2;
        return Node("Conv",
            [x, Weight(FanIn(inChannels * kernel * kernel), outChannels, inChannels, kernel, kernel), Weight(BiasScale, outChannels)],
            OnnxAttribute.Ints("pads", pads ?? [pad, pad, pad, pad]), OnnxAttribute.Ints("strides", stride, stride));
    }

    /// <summary>torch's GroupNorm(32) as its exporter writes it: InstanceNormalization over [N, 32, -1], then the affine part.</summary>
    public string GroupNorm(string x, int channels, float epsilon)
    {
        if (fused)
            return FusedGroupNorm(x, channels, epsilon, silu: false);
        var grouped = Node("Reshape", [x, Shape(0, Groups, -1)]);
        var normalized = Node("InstanceNormalization", [grouped, Constant(1, Groups), Constant(0, Groups)],
            OnnxAttribute.Float("epsilon", epsilon));
        var restored = Node("Reshape", [normalized, Node("Shape", [x])]);
        return Add(Mul(restored, Learned(1, channels, 1, 1)), Learned(0, channels, 1, 1));
    }

    /// <summary>GroupNorm then SiLU, as every resnet and output head has them.</summary>
    public string GroupNormSiLU(string x, int channels, float epsilon) =>
        fused ? FusedGroupNorm(x, channels, epsilon, silu: true) : SiLU(GroupNorm(x, channels, epsilon));

    /// <summary>ONNX Runtime's GroupNorm: channels-last, float32 gamma and beta, the SiLU after it fused in.</summary>
    private string FusedGroupNorm(string x, int channels, float epsilon, bool silu)
    {
        ParameterCount += 2 * channels;
        var channelsLast = Node("Transpose", [x], OnnxAttribute.Ints("perm", 0, 2, 3, 1));
        var normalized = graph.ContribNode("GroupNorm",
            [channelsLast, graph.Floats(Enumerable.Repeat(1f, channels).ToArray(), channels), graph.Floats(new float[channels], channels)], [true],
            OnnxAttribute.Int("activation", silu ? 1 : 0), OnnxAttribute.Int("channels_last", 1),
            OnnxAttribute.Float("epsilon", epsilon), OnnxAttribute.Int("groups", Groups))[0];
        return Node("Transpose", [normalized], OnnxAttribute.Ints("perm", 0, 3, 1, 2));
    }

    public string LayerNorm(string x, int width, float epsilon = 1e-5f) =>
        Node("LayerNormalization", [x, Learned(1, width), Learned(0, width)],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", epsilon));

    /// <summary>The residual sum <paramref name="x"/> + <paramref name="update"/> and its layer norm (one SkipLayerNormalization when fused).</summary>
    public (string Sum, string Normed) AddAndNorm(string x, string update, int width, float epsilon = 1e-5f)
    {
        if (!fused)
        {
            var sum = Add(x, update);
            return (sum, LayerNorm(sum, width, epsilon));
        }
        var outputs = graph.ContribNode("SkipLayerNormalization", [update, x, Learned(1, width), Learned(0, width)],
            [true, false, false, true], OnnxAttribute.Float("epsilon", epsilon));
        return (outputs[3], outputs[0]);
    }

    /// <summary><paramref name="x"/> plus a linear layer of <paramref name="h"/> (its bias and the residual in one BiasAdd when fused).</summary>
    public string AddLinear(string x, string h, int inFeatures, int outFeatures)
    {
        if (!fused)
            return Add(x, Linear(h, inFeatures, outFeatures));
        var product = Node("MatMul", [h, Weight(FanIn(inFeatures), inFeatures, outFeatures)]);
        return graph.ContribNode("BiasAdd", [product, Weight(BiasScale, outFeatures), x], [true])[0];
    }

    /// <summary>diffusers' GEGLU: a projection to twice <paramref name="outFeatures"/>, the first half times the GELU of the second (one BiasSplitGelu when fused).</summary>
    public string GeGlu(string x, int inFeatures, int outFeatures)
    {
        if (fused)
        {
            var product = Node("MatMul", [x, Weight(FanIn(inFeatures), inFeatures, 2 * outFeatures)]);
            return graph.ContribNode("BiasSplitGelu", [product, Weight(BiasScale, 2 * outFeatures)], [true])[0];
        }
        var projected = Linear(x, inFeatures, 2 * outFeatures);
        var value = Node("Slice", [projected, Shape(0), Shape(outFeatures), Shape(-1)]);
        var gate = Node("Slice", [projected, Shape(outFeatures), Shape(2 * outFeatures), Shape(-1)]);
        return Mul(value, Gelu(gate));
    }

    public string SiLU(string x) => Mul(x, Node("Sigmoid", [x]));

    /// <summary>The exact (erf) GELU; opset 17 has no Gelu operator.</summary>
    public string Gelu(string x)
    {
        var erf = Node("Erf", [Mul(x, Constant(1 / MathF.Sqrt(2)))]);
        return Mul(Mul(x, Constant(0.5f)), Add(erf, Constant(1)));
    }

    /// <summary>Nearest-neighbour 2x upscaling as torch's interpolate exports it.</summary>
    public string Upsample2x(string x) =>
        Node("Resize", [x, "", graph.Floats([1, 1, 2, 2], 4)],
            OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.String("nearest_mode", "floor"));

    private static float FanIn(long fanIn) => MathF.Sqrt(3f / fanIn);

    private static long Count(long[] dims)
    {
        var count = 1L;
        foreach (var dim in dims)
            count *= dim;
        return count;
    }
}
