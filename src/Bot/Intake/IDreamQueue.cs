using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Intake;

/// <summary>
/// Where a validated /dream goes: records it and enqueues the job. The production implementation stores a
/// Generation and enqueues it with Hangfire; tests supply their own.
/// </summary>
public interface IDreamQueue
{
    Task<DreamSubmission> SubmitAsync(DreamRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Why a request of this user is answered at once, before any database work (sending too fast, or as many
    /// requests being recorded as may wait), or null; <see cref="SubmitAsync"/> refuses such a request too.
    /// </summary>
    string? RefusalBeforeRecording(long userId) => null;

    /// <summary>
    /// The guild's caps and the user's preferences that apply to a /dream before it is parsed, and the live models
    /// when <paramref name="withModels"/> (the request names one or starts from an image; the others need no lookup).
    /// </summary>
    Task<DreamDefaults> DefaultsAsync(long? guildId, long userId, bool withModels, CancellationToken cancellationToken) =>
        Task.FromResult(DreamDefaults.Standard);

    /// <summary>The models some live worker serves, for <c>/dream model:</c>.</summary>
    Task<IReadOnlyList<ServedModel>> ModelsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ServedModel>>([]);
}
