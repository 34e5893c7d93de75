using DreamBot.ModelBuilder;
using DreamBot.ModelBuilder.FullSize;
using DreamBot.Tests.Infrastructure;
using Microsoft.ML.OnnxRuntime;

namespace DreamBot.Tests.ModelBuilder;

/// <summary>
/// The fused graphs of <c>--optimized</c>: the same parameters as the plain ones, every fusable pattern fused. Their
/// operators run on CUDA only, so here ONNX Runtime can only check them against its operator schemas.
/// </summary>
public sealed class OptimizedGraphsTests
{
    [Theory]
    [InlineData(ModelFamily.Sd, 2)]
    [InlineData(ModelFamily.Sdxl, 3)]
    public void OptimizedUNetAndVae_KeepEveryParameter_AndReplaceEachPlainPatternByItsFusedOperator(ModelFamily family, int embeddingSiLUs)
    {
        var plain = new FullSizeGraphs(new TinyModelOptions(Float16: true, FullSize: true, Family: family));
        var fused = new FullSizeGraphs(new TinyModelOptions(Float16: true, FullSize: true, Family: family, Fused: true));
        var (plainUNet, fusedUNet) = (plain.UNet().OperatorCounts, fused.UNet().OperatorCounts);
        var (plainVae, fusedVae) = (plain.VaeDecoder().OperatorCounts, fused.VaeDecoder().OperatorCounts);

        Assert.Equal(plain.ParameterCounts["unet"], fused.ParameterCounts["unet"]);
        Assert.Equal(plain.ParameterCounts["vae_decoder"], fused.ParameterCounts["vae_decoder"]);
        // One fused operator for each plain group norm, attention, GEGLU and post-attention residual with its norm.
        Assert.Equal(
            (plainUNet["InstanceNormalization"], plainUNet["Softmax"], plainUNet["Erf"], plainUNet["Softmax"], plainUNet["Erf"]),
            (fusedUNet["GroupNorm"], fusedUNet["MultiHeadAttention"], fusedUNet["BiasSplitGelu"], fusedUNet["SkipLayerNormalization"], fusedUNet["BiasAdd"]));
        Assert.Equal((plainVae["InstanceNormalization"], plainVae["Softmax"]), (fusedVae["GroupNorm"], fusedVae["MultiHeadAttention"]));
        foreach (var decomposed in new[] { "InstanceNormalization", "Softmax", "Erf" })
        {
            Assert.False(fusedUNet.ContainsKey(decomposed), $"the optimised UNet still has {decomposed}");
            Assert.False(fusedVae.ContainsKey(decomposed), $"the optimised VAE still has {decomposed}");
        }
        // Every SiLU after a group norm is the norm's activation; those of the time (and added) embeddings remain.
        Assert.Equal(embeddingSiLUs, fusedUNet["Sigmoid"]);
        Assert.False(fusedVae.ContainsKey("Sigmoid"));
    }

    [Fact]
    public void ATransformerStageOfFusedOperators_PassesOnnxRuntimesSchemaChecks_AndOnlyLacksTheCpuKernels()
    {
        const int Channels = 320;
        var graph = new OnnxGraph("stage");
        var n = new Layers(graph, half: true, seed: 1, part: 1, fused: true);
        var image = graph.Input("sample", n.Type, 1, Channels, 8, 8);
        var context = graph.Input("encoder_hidden_states", n.Type, 1, 77, 768);
        var x = n.Resnet(image, Channels, Channels, 1e-5f);
        var tokens = n.ToTokens(n.GroupNorm(x, Channels, 1e-6f), Channels);
        tokens = n.TransformerBlock(tokens, context, Channels, 768, heads: 8);
        n.Output(n.FromTokens(tokens, x), "out_sample", 1, Channels, 8, 8);
        var directory = TestPaths.NewTempDirectory("optimized-stage");
        try
        {
            var path = Path.Combine(directory, "model.onnx");
            graph.Save(path);

            var refused = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(path).Dispose());

            // Resolving the graph checks every node against its schema (domain, inputs, attributes, types); only then
            // are kernels assigned, and the CPU has none for ONNX Runtime's CUDA-only GroupNorm.
            Assert.Contains("Failed to find kernel for com.microsoft.GroupNorm(1)", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
