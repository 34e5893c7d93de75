using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using DreamBot.Shared.Discord.Messages;

namespace DreamBot.Shared.Discord;

/// <summary>Request bodies: plain JSON, or multipart/form-data with <c>payload_json</c> and one <c>files[n]</c> per upload.</summary>
public static class DiscordContent
{
    // Serialised up front so the request carries a Content-Length instead of a chunked body.
    public static HttpContent Json<T>(T body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, DiscordJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static HttpContent Message(MessagePayload payload, IReadOnlyList<FileUpload>? files)
    {
        var fitted = MessageFitter.Fit(payload);
        return files is null || files.Count == 0 ? Json(fitted) : Multipart(WithAttachments(fitted, files), files);
    }

    public static HttpContent Multipart<T>(T payloadJson, IReadOnlyList<FileUpload> files)
    {
        var form = new MultipartFormDataContent();
        form.Add(Json(payloadJson), "payload_json");
        for (var i = 0; i < files.Count; i++)
        {
            var file = new ReadOnlyMemoryContent(files[i].Content);
            file.Headers.ContentType = new MediaTypeHeaderValue(files[i].ContentType);
            form.Add(file, "files[" + i.ToString(CultureInfo.InvariantCulture) + "]", files[i].FileName);
        }
        return form;
    }

    /// <summary>
    /// Adds an <c>attachments</c> entry (id = part index) for each upload the caller did not describe, keeping the
    /// entries it did list (existing attachments to keep on an edit, or its own descriptions of new files).
    /// </summary>
    public static MessagePayload WithAttachments(MessagePayload payload, IReadOnlyList<FileUpload> files)
    {
        var listed = payload.Attachments ?? [];
        var uploads = Enumerable.Range(0, files.Count)
            .Where(i => listed.All(a => a.Id != i))
            .Select(i => new AttachmentReference(i, files[i].FileName, files[i].Description));
        return payload with { Attachments = [.. listed, .. uploads] };
    }
}
