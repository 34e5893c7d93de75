namespace DreamBot.ModelBuilder.FullSize;

/// <summary>The blocks shared by the text encoder, UNet and VAE: attention, resnets and the image/token reshapes.</summary>
internal sealed partial class Layers
{
    /// <summary>Multi-head attention with its q/k/v and output projections (diffusers' Attention, CLIP's attention).</summary>
    public string MultiHeadAttention(
        string x, string context, int width, int contextWidth, int heads, bool projectionBias, string? mask = null)
    {
        var q = Linear(x, width, width, projectionBias);
        var k = Linear(context, contextWidth, width, projectionBias);
        var v = Linear(context, contextWidth, width, projectionBias);
        return Linear(Attention(q, k, v, width, heads, mask), width, width);
    }

    /// <summary>
    /// Plain MatMul/Softmax/MatMul attention over [batch, tokens, width]; q is scaled first so float16 scores stay small.
    /// Fused (without a mask, as in the UNet and VAE): ONNX Runtime's MultiHeadAttention, which scales by 1/sqrt(head width) too.
    /// </summary>
    public string Attention(string q, string k, string v, int width, int heads, string? mask)
    {
        if (fused && mask is null)
            return graph.ContribNode("MultiHeadAttention", [q, k, v], [true], OnnxAttribute.Int("num_heads", heads))[0];
        var headWidth = width / heads;
        var scaledQ = Mul(Heads(q, heads, headWidth, 0, 2, 1, 3), Constant(1 / MathF.Sqrt(headWidth)));
        var scores = Node("MatMul", [scaledQ, Heads(k, heads, headWidth, 0, 2, 3, 1)]);
        if (mask is not null)
            scores = Add(scores, mask);
        var weights = Node("Softmax", [scores], OnnxAttribute.Int("axis", -1));
        var perHead = Node("MatMul", [weights, Heads(v, heads, headWidth, 0, 2, 1, 3)]);
        return Node("Reshape", [Node("Transpose", [perHead], OnnxAttribute.Ints("perm", 0, 2, 1, 3)), Shape(0, 0, width)]);
    }

    /// <summary>
    /// diffusers' ResnetBlock2D: GroupNorm, SiLU, 3x3 conv, plus the projected time embedding when there is one, again
    /// GroupNorm, SiLU, 3x3 conv, plus the input (through a 1x1 conv when the width changes).
    /// </summary>
    public string Resnet(string x, int inChannels, int outChannels, float epsilon, (string Activated, int Width)? timeEmbedding = null)
    {
        var h = Conv(GroupNormSiLU(x, inChannels, epsilon), inChannels, outChannels, 3);
        if (timeEmbedding is { } embedding)
            h = Add(h, Node("Unsqueeze", [Linear(embedding.Activated, embedding.Width, outChannels), Shape(2, 3)]));
        h = Conv(GroupNormSiLU(h, outChannels, epsilon), outChannels, outChannels, 3);
        var shortcut = inChannels == outChannels ? x : Conv(x, inChannels, outChannels, 1);
        return Add(shortcut, h);
    }

    /// <summary>diffusers' BasicTransformerBlock: self-attention, cross-attention on the text, GEGLU feed-forward, each after a layer norm and added back.</summary>
    public string TransformerBlock(string tokens, string context, int channels, int contextWidth, int heads)
    {
        var normed = LayerNorm(tokens, channels);
        (tokens, normed) = AddAndNorm(tokens, MultiHeadAttention(normed, normed, channels, channels, heads, projectionBias: false), channels);
        (tokens, normed) = AddAndNorm(tokens, MultiHeadAttention(normed, context, channels, contextWidth, heads, projectionBias: false), channels);
        return AddLinear(tokens, GeGlu(normed, channels, 4 * channels), 4 * channels, channels);
    }

    /// <summary>[batch, channels, height, width] to [batch, height * width, channels].</summary>
    public string ToTokens(string x, int channels) =>
        Node("Transpose", [Node("Reshape", [x, Shape(0, channels, -1)])], OnnxAttribute.Ints("perm", 0, 2, 1));

    /// <summary>[batch, height * width, channels] back to the shape of <paramref name="image"/>.</summary>
    public string FromTokens(string tokens, string image) =>
        Node("Reshape", [Node("Transpose", [tokens], OnnxAttribute.Ints("perm", 0, 2, 1)), Node("Shape", [image])]);

    private string Heads(string x, int heads, int headWidth, params long[] perm) =>
        Node("Transpose", [Node("Reshape", [x, Shape(0, 0, heads, headWidth)])], OnnxAttribute.Ints("perm", perm));
}
