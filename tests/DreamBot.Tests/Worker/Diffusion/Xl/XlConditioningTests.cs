using DreamBot.Worker.Diffusion.Xl;

namespace DreamBot.Tests.Worker.Diffusion.Xl;

/// <summary>
/// The assembly of SDXL's UNet conditioning against diffusers' definitions in
/// src/diffusers/pipelines/stable_diffusion_xl/pipeline_stable_diffusion_xl.py: <c>encode_prompt</c> concatenates
/// <c>hidden_states[-2]</c> of text_encoder then text_encoder_2 with <c>torch.concat(prompt_embeds_list, dim=-1)</c>,
/// takes the pooled output from text_encoder_2, and uses <c>torch.zeros_like</c> for an absent negative prompt when
/// <c>force_zeros_for_empty_prompt</c>; <c>_get_add_time_ids</c> is <c>list(original_size + crops_coords_top_left +
/// target_size)</c> with original and target size (height, width) and crop (0, 0) by default; the guided batch is
/// <c>torch.cat([negative, positive])</c>.
/// </summary>
public sealed class XlConditioningTests
{
    [Fact]
    public void Prompt_PutsEachTokensFirstEncoderFeaturesBeforeItsSecondEncoderFeatures()
    {
        // Two tokens: encoder 1 is 2 wide, encoder 2 is 3 wide.
        var first = new XlTextFeatures([1, 2, 3, 4], 2, []);
        var second = new XlTextFeatures([10, 20, 30, 40, 50, 60], 3, [7, 8]);

        var prompt = XlConditioning.Prompt(first, second);

        Assert.Equal([1, 2, 10, 20, 30, 3, 4, 40, 50, 60], prompt.Embeddings);
        Assert.Equal(5, prompt.Width);
        Assert.Equal([7, 8], prompt.Pooled);
    }

    [Fact]
    public void Prompt_Throws_WhenTheEncodersDisagreeOnTheTokenCount()
    {
        var first = new XlTextFeatures([1, 2, 3, 4], 2, []);
        var second = new XlTextFeatures([1, 2, 3], 3, [1]);

        Assert.Throws<InvalidOperationException>(() => XlConditioning.Prompt(first, second));
    }

    [Theory]
    [InlineData(1024, 1024)]
    [InlineData(768, 1344)]
    public void TimeIds_AreOriginalSizeThenCropTopLeftThenTargetSize_HeightFirst(int height, int width)
    {
        Assert.Equal([height, width, 0, 0, height, width], XlConditioning.TimeIds(height, width));
    }

    [Fact]
    public void Zeros_ZeroesBothTheEmbeddingsAndThePooledOutput()
    {
        var prompt = new XlPrompt([1, 2, 3, 4], 2, [5, 6]);

        var zeros = prompt.Zeros();

        Assert.Equal(new float[4], zeros.Embeddings);
        Assert.Equal(new float[2], zeros.Pooled);
        Assert.Equal(2, zeros.Width);
    }

    [Fact]
    public void Batch_WithGuidance_IsEveryNegativeRowThenEveryPromptRow_WithTheSameTimeIds()
    {
        var prompt = new XlPrompt([1, 2], 1, [3]);
        var negative = new XlPrompt([-1, -2], 1, [-3]);

        var batch = XlConditioning.Batch(prompt, negative, count: 2, height: 640, width: 512);

        Assert.Equal(4, batch.Batch);
        Assert.Equal(2, batch.Tokens);
        Assert.Equal([-1, -2, -1, -2, 1, 2, 1, 2], batch.Embeddings);
        Assert.Equal([-3, -3, 3, 3], batch.TextEmbeds);
        Assert.Equal(1, batch.PooledWidth);
        Assert.Equal(Enumerable.Repeat(new float[] { 640, 512, 0, 0, 640, 512 }, 4).SelectMany(ids => ids), batch.TimeIds);
    }

    [Fact]
    public void Batch_WithoutGuidance_HasOnlyThePromptRows()
    {
        var prompt = new XlPrompt([1, 2], 2, [3, 4]);

        var batch = XlConditioning.Batch(prompt, negative: null, count: 3, height: 512, width: 512);

        Assert.Equal(3, batch.Batch);
        Assert.Equal([1, 2, 1, 2, 1, 2], batch.Embeddings);
        Assert.Equal([3, 4, 3, 4, 3, 4], batch.TextEmbeds);
        Assert.Equal(18, batch.TimeIds.Length);
    }
}
