using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Models;

/// <summary>Whether a request's model is served by a live worker: nothing would ever run a job for one that is not.</summary>
public static class ModelAvailability
{
    /// <summary>Null when <paramref name="model"/> ("" for any) can be rendered; otherwise what to tell the user.</summary>
    public static string? Problem(string model, IReadOnlyList<ServedModel> served)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(served);
        if (model.Length == 0 || served.Any(m => m.Name == model))
            return null;
        return served.Count == 0
            ? $"No worker serves the model `{model}` right now. Leave `model` out to use the default, or try again later."
            : $"No worker serves the model `{model}` right now. Available: {string.Join(", ", served.Select(m => $"`{m.Name}`"))}.";
    }

    /// <summary>
    /// Null unless <paramref name="parameters"/> start from an image that the model cannot encode (it has no VAE
    /// encoder), which would only fail on the worker. A request naming no model runs on whichever live worker takes
    /// it first, with that worker's first model (<paramref name="sharedQueueModels"/>): it is refused only when none
    /// of those can start from an image. Models not published yet are given the benefit of the doubt.
    /// </summary>
    public static string? ImageToImageProblem(DreamParameters parameters, IReadOnlyList<ServedModel> served, IReadOnlyList<string> sharedQueueModels)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(sharedQueueModels);
        if (!parameters.IsImageToImage)
            return null;
        var candidates = parameters.Model.Length > 0 ? [parameters.Model] : sharedQueueModels;
        var known = served.Where(m => candidates.Contains(m.Name)).ToList();
        if (known.Count == 0 || known.Any(m => m.SupportsImageToImage))
            return null;
        var able = served.Where(m => m.SupportsImageToImage).Select(m => $"`{m.Name}`").ToList();
        var model = parameters.Model.Length > 0 ? $"The model `{parameters.Model}`" : "The default model";
        return able.Count == 0
            ? $"{model} can't start from an image (it has no VAE encoder). Leave out `image` to draw from the prompt alone."
            : $"{model} can't start from an image (it has no VAE encoder). Leave out `image`, or choose a model that can: {string.Join(", ", able)}.";
    }

    /// <summary>
    /// Null when a live worker that takes the upscale's queue (its model's, or the shared one) publishes its upscaler;
    /// otherwise what to tell the user, with the upscalers that are served.
    /// </summary>
    public static string? UpscalerProblem(DreamParameters parameters, IReadOnlyList<ServedModel> served, IReadOnlyList<string> sharedQueueModels)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(sharedQueueModels);
        var candidates = parameters.Model.Length > 0 ? [parameters.Model] : sharedQueueModels;
        var upscalers = served.Where(m => candidates.Contains(m.Name)).SelectMany(m => m.Upscalers).ToList();
        if (upscalers.Any(u => u.Split(':')[0] == parameters.Upscaler))
            return null;
        var all = served.SelectMany(m => m.Upscalers).Distinct().Order(StringComparer.Ordinal).Select(Describe).ToList();
        return all.Count == 0
            ? "No worker serves an upscaler right now, so images can't be upscaled. Try again later."
            : $"No worker serves the upscaler `{parameters.Upscaler}` for this image's model right now. Served: {string.Join(", ", all)}.";
    }

    /// <summary>
    /// Why Upscale (creative) can't run: no live worker serves both <paramref name="model"/> ("" for the default) and
    /// an upscaler. Lists each served model with the upscalers its workers serve.
    /// </summary>
    public static string NoUpscalerWith(string model, IReadOnlyList<ServedModel> served)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(served);
        var what = model.Length > 0 ? $"the model `{model}`" : "the default model";
        var listed = served.Select(m => m.Upscalers.Count == 0
            ? $"`{m.Name}` (no upscaler)"
            : $"`{m.Name}` with {string.Join(", ", m.Upscalers.Select(Describe))}").ToList();
        return listed.Count == 0
            ? "No worker serves a model right now, so images can't be upscaled. Try again later."
            : $"No worker serves both {what} and an upscaler right now, so this image can't be upscaled creatively. Served: {string.Join("; ", listed)}.";
    }

    /// <summary>
    /// The served inpainting model a repaint runs on: <paramref name="preferred"/> when it inpaints, else the first by
    /// name; null when no live worker serves one.
    /// </summary>
    public static ServedModel? InpaintingModel(string preferred, IReadOnlyList<ServedModel> served)
    {
        ArgumentNullException.ThrowIfNull(served);
        var inpainting = served.Where(m => m.SupportsInpainting).OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        return inpainting.FirstOrDefault(m => m.Name == preferred) ?? inpainting.FirstOrDefault();
    }

    /// <summary>Why nothing can be repainted now, with the models that are served.</summary>
    public static string NoInpaintingModel(string action, IReadOnlyList<ServedModel> served)
    {
        ArgumentNullException.ThrowIfNull(served);
        var names = served.Select(m => $"`{m.Name}`").ToList();
        return names.Count == 0
            ? $"No worker serves an inpainting model right now, so {action}. Try again later."
            : $"No worker serves an inpainting model right now, so {action}. Served: {string.Join(", ", names)}, none of which inpaints.";
    }

    /// <summary>Null unless <paramref name="parameters"/> repaint part of an image with a model that does not inpaint.</summary>
    public static string? InpaintProblem(DreamParameters parameters, IReadOnlyList<ServedModel> served)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(served);
        if (!parameters.IsInpaint || served.Any(m => m.Name == parameters.Model && m.SupportsInpainting))
            return null;
        var able = served.Where(m => m.SupportsInpainting).Select(m => $"`{m.Name}`").ToList();
        return able.Count == 0
            ? NoInpaintingModel("parts of images can't be repainted", served)
            : $"The model `{parameters.Model}` doesn't inpaint; choose one that does: {string.Join(", ", able)}.";
    }

    /// <summary>"name:4" as "`name` (×4)".</summary>
    private static string Describe(string upscaler) =>
        upscaler.Split(':') is [var name, var scale] ? $"`{name}` (×{scale})" : $"`{upscaler}`";
}
