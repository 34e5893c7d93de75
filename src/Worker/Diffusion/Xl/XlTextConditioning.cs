using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Text;
using DreamBot.Worker.Diffusion.Components;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.Worker.Diffusion.Xl;

/// <summary>
/// SDXL's text side: tokenizer_2 and both text encoders (the first on the session of the model's
/// <see cref="TextEncoder"/>), turning a request's prompts into the UNet's hidden states, <c>text_embeds</c> and
/// <c>time_ids</c> (see <see cref="XlConditioning"/>). Each text is encoded once, one row per call, as diffusers does.
/// </summary>
public sealed class XlTextConditioning : IDisposable
{
    private readonly XlTextEncoder _first;
    private readonly XlTextEncoder _second;
    private readonly bool _forceZerosForEmptyPrompt;

    private XlTextConditioning(XlTextEncoder first, XlTextEncoder second, ClipTokenizer tokenizer2, bool forceZerosForEmptyPrompt)
    {
        _first = first;
        _second = second;
        Tokenizer2 = tokenizer2;
        _forceZerosForEmptyPrompt = forceZerosForEmptyPrompt;
    }

    /// <summary>tokenizer_2, with its own special tokens (SDXL pads with "!").</summary>
    public ClipTokenizer Tokenizer2 { get; }

    /// <summary>The concatenated width of both encoders' hidden states, where both graphs fix it.</summary>
    public int? HiddenSize => _first.HiddenSize + _second.HiddenSize;

    public int? PooledSize => _second.PooledSize;

    internal static XlTextConditioning Load(ModelFolder folder, OnnxSessionFactory factory, TextEncoder textEncoder, ClipTokenizer tokenizer2)
    {
        var first = XlTextEncoder.Borrow(textEncoder.Session, folder.TextEncoder);
        var second = XlTextEncoder.Load(folder.TextEncoder2, factory);
        return new XlTextConditioning(first, second, tokenizer2, folder.ForceZerosForEmptyPrompt);
    }

    /// <summary>
    /// The UNet's conditioning for <paramref name="count"/> images. An empty <paramref name="negativePrompt"/> is
    /// diffusers' <c>negative_prompt=None</c>: zero embeddings when the model forces zeros for empty prompts.
    /// </summary>
    internal TextEmbeddings Encode(ClipTokenizer tokenizer, string prompt, string negativePrompt, int count, bool guided, int height, int width, UNet unet)
    {
        var xl = unet.Xl ?? throw new InvalidOperationException("The UNet takes no SDXL conditioning");
        var positive = Text(tokenizer, prompt);
        var negative = !guided ? null
            : negativePrompt.Length == 0 && _forceZerosForEmptyPrompt ? positive.Zeros()
            : Text(tokenizer, negativePrompt);
        var inputs = XlConditioning.Batch(positive, negative, count, height, width);
        var added = XlAddedConditions.Create(inputs, xl);
        try
        {
            var hidden = TensorData.FromFloats(inputs.Embeddings, [inputs.Batch, inputs.Tokens, inputs.Width], unet.ElementType);
            return new TextEmbeddings(hidden, added);
        }
        catch
        {
            added.Dispose();
            throw;
        }
    }

    internal XlPrompt Text(ClipTokenizer tokenizer, string text) =>
        XlConditioning.Prompt(_first.Encode(tokenizer.Encode(text).InputIds), _second.Encode(Tokenizer2.Encode(text).InputIds));

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
