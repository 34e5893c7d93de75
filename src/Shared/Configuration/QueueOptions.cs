using System.ComponentModel.DataAnnotations;

namespace DreamBot.Shared.Configuration;

public sealed class QueueOptions
{
    public const string Section = "Queue";

    public const string DreamQueue = "dream";

    /// <summary>Hangfire's tables live in their own schema, apart from DreamBot's.</summary>
    [Required(ErrorMessage = "is required"), RegularExpression("^[a-z_][a-z0-9_]*$", ErrorMessage = "must be a lower-case SQL identifier")]
    public string Schema { get; set; } = "hangfire";

    /// <summary>
    /// Job slots per Worker. Renders take turns on the device (one at a time per GPU), so a second slot renders the next
    /// request while the first uploads and records its result; more slots only add finished results waiting to post.
    /// </summary>
    [Range(1, 64, ErrorMessage = "must be from 1 to 64")]
    public int WorkerCount { get; set; } = 2;

    /// <summary>
    /// The most queued requests one slot claims and renders together: the next fairest ones while they share model,
    /// size, steps, sampler and guidance on/off. Each image is the one its request renders alone; a batch costs the
    /// device memory of all its images together, and never waits for requests to arrive. 1 turns batching off.
    /// </summary>
    [Range(1, 64, ErrorMessage = "must be from 1 to 64")]
    public int MaxBatch { get; set; } = 4;

    /// <summary>How long a fetched job stays invisible before another server may take it over (a crashed worker).</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often each idle Hangfire worker thread looks for a job. An idle GPU waits on average half of it before
    /// starting, and every thread costs one cheap indexed query per interval.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a stopping Worker lets its current job reach the next step before Hangfire re-queues it.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
