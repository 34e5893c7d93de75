using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace DreamBot.Worker.Jobs;

/// <summary>What a render's failure means: whether a retry could help, what the user is told, what the row records.</summary>
public static class RenderFailure
{
    // Out of memory or a runtime failure would repeat on a retry of the same request; the process itself is healthy.
    public static bool IsPermanent(Exception ex) =>
        ex is InvalidImageException or ArgumentException or ModelFolderException or OutOfMemoryException or OnnxRuntimeException;

    public static string UserReason(Exception ex) => ex switch
    {
        InvalidImageException image => image.Message,
        ArgumentException argument => argument.Message,
        OutOfMemoryException => "the worker ran out of memory for this request. Try a smaller size or fewer images.",
        OnnxRuntimeException => "the model failed while rendering this request. Try again, or with a smaller size.",
        _ => "the worker hit an error while rendering.",
    };

    public static string Describe(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var text = $"{ex.GetType().Name}: {ex.Message}";
        return text.Length <= 2000 ? text : text[..2000];
    }
}
