using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Shared.Data;

public sealed class DreamBotDb(DbContextOptions<DreamBotDb> options) : DbContext(options)
{
    public const string MigrationsAssembly = "DreamBot.Migrations";
    public const string Schema = "dreambot";

    public DbSet<Generation> Generations => Set<Generation>();
    public DbSet<QuotaRule> QuotaRules => Set<QuotaRule>();
    public DbSet<GuildSettings> GuildSettings => Set<GuildSettings>();
    public DbSet<Ban> Bans => Set<Ban>();
    public DbSet<BlockedTerm> BlockedTerms => Set<BlockedTerm>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<UserPreferences> UserPreferences => Set<UserPreferences>();
    public DbSet<ServedModel> ServedModels => Set<ServedModel>();
    public DbSet<StatsHour> StatsHours => Set<StatsHour>();
    public DbSet<StatsGuildHour> StatsGuildHours => Set<StatsGuildHour>();
    public DbSet<StatsUserWindow> StatsUserWindows => Set<StatsUserWindow>();
    public DbSet<StatsRollupState> StatsRollupState => Set<StatsRollupState>();
    public DbSet<Rating> Ratings => Set<Rating>();
    public DbSet<ArchivedImage> ArchivedImages => Set<ArchivedImage>();
    public DbSet<QueueGuild> QueueGuilds => Set<QueueGuild>();
    public DbSet<QueueUser> QueueUsers => Set<QueueUser>();

    // The indexes also include the parameters' "count" column (see the StatsCoveringIndexes migration): EF cannot name a complex
    // property's column here, and the OneParametersShape migration leaves the indexes as they are.
    private static readonly System.Linq.Expressions.Expression<Func<Generation, object?>> StatsColumns = x => new
    {
        x.Status, x.UserId, x.CostUnits, x.Refunded, x.StartedAt, x.FinishedAt, x.Worker,
    };

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<Generation>(g =>
        {
            g.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            // The parameters keep the columns they always had, so a row reads the same whichever version wrote it.
            g.ComplexProperty(x => x.Parameters, p =>
            {
                p.Property(x => x.Prompt).HasColumnName("prompt").HasMaxLength(2000);
                p.Property(x => x.NegativePrompt).HasColumnName("negative_prompt").HasMaxLength(2000);
                p.Property(x => x.Model).HasColumnName("model").HasMaxLength(100);
                p.Property(x => x.Sampler).HasColumnName("sampler").HasMaxLength(32);
                p.Property(x => x.Seed).HasColumnName("seed");
                p.Property(x => x.Steps).HasColumnName("steps");
                p.Property(x => x.Guidance).HasColumnName("guidance");
                p.Property(x => x.Width).HasColumnName("width");
                p.Property(x => x.Height).HasColumnName("height");
                p.Property(x => x.Count).HasColumnName("count");
                p.Property(x => x.InitImage).HasColumnName("init_image_url");
                p.Property(x => x.Strength).HasColumnName("strength");
                p.Property(x => x.Upscaler).HasColumnName("upscaler").HasMaxLength(32);
                p.Property(x => x.Mask).HasColumnName("mask_url");
                p.Property(x => x.Placement).HasColumnName("placement").HasMaxLength(64)
                    .HasConversion(placement => placement!.ToString(), text => ImagePlacement.Parse(text));
            });
            g.Property(x => x.UserName).HasMaxLength(100);
            g.Property(x => x.InteractionToken).HasMaxLength(500);
            g.Property(x => x.Worker).HasMaxLength(200);
            g.Property(x => x.JobId).HasMaxLength(64);
            // Quota and stats windows filter by who and when.
            g.HasIndex(x => new { x.UserId, x.QueuedAt });
            // Stats read only these columns, so the time-window indexes cover them (index-only scans on big tables).
            g.HasIndex(x => new { x.GuildId, x.QueuedAt }).IncludeProperties(StatsColumns);
            g.HasIndex(x => x.QueuedAt).IncludeProperties(StatsColumns);
            // The live queue is small; a partial index keeps "what is waiting" cheap on a big table.
            g.HasIndex(x => new { x.Status, x.QueuedAt })
                .HasFilter("status IN ('Queued', 'Running')")
                .HasDatabaseName("ix_generations_active");
            g.HasIndex(x => x.InteractionId).IsUnique();
            // The stats rollup finds what finished since its last run, and stats read what it has not rolled up yet.
            g.HasIndex(x => x.FinishedAt);
            // Few results are deleted; the archive sweep finds them to remove their images.
            g.HasIndex(x => x.DeletedAt).HasFilter("deleted_at IS NOT NULL");
        });

        // The fair order's bookkeeping; the index that orders each guild's queue is an expression index (see the
        // FairOrderKeys migration), since EF cannot declare one.
        modelBuilder.Entity<QueueGuild>(q =>
        {
            q.HasKey(x => new { x.Model, x.GuildKey });
            q.Property(x => x.Model).HasMaxLength(100);
        });
        modelBuilder.Entity<QueueUser>(q =>
        {
            q.HasKey(x => new { x.Model, x.GuildKey, x.UserId });
            q.Property(x => x.Model).HasMaxLength(100);
        });

        modelBuilder.Entity<ServedModel>(m =>
        {
            m.HasKey(x => x.Name);
            m.Property(x => x.Name).HasMaxLength(32);
        });
        // Rollups are replaced an hour at a time, by hour; /stats reads one guild's hours.
        modelBuilder.Entity<StatsHour>(h =>
        {
            h.Property(x => x.Worker).HasMaxLength(200);
            h.HasIndex(x => new { x.Hour, x.Worker }).IsUnique().AreNullsDistinct(false);
        });
        modelBuilder.Entity<StatsGuildHour>(h =>
        {
            h.Property(x => x.Worker).HasMaxLength(200);
            h.HasIndex(x => new { x.Hour, x.GuildId, x.Worker }).IsUnique().AreNullsDistinct(false);
            h.HasIndex(x => new { x.GuildId, x.Hour });
        });
        modelBuilder.Entity<StatsUserWindow>(u => u.HasIndex(x => new { x.GuildId, x.UserId }).IsUnique().AreNullsDistinct(false));
        modelBuilder.Entity<StatsRollupState>(s => s.Property(x => x.Id).ValueGeneratedNever());

        modelBuilder.Entity<QuotaRule>(q =>
        {
            q.Property(x => x.Scope).HasConversion<string>().HasMaxLength(8);
            q.HasIndex(x => new { x.GuildId, x.Scope, x.SubjectId }).IsUnique().AreNullsDistinct(false);
        });

        modelBuilder.Entity<GuildSettings>(s =>
        {
            s.HasKey(x => x.GuildId);
            s.Property(x => x.GuildId).ValueGeneratedNever();
            s.Property(x => x.SafetyPolicy).HasConversion<string>().HasMaxLength(16);
            s.Property(x => x.QuotaReset).HasConversion<string>().HasMaxLength(16);
            s.Property(x => x.DatasetLicence).HasMaxLength(16);
        });

        modelBuilder.Entity<Rating>(r =>
        {
            r.HasOne<Generation>().WithMany().HasForeignKey(x => x.GenerationId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => new { x.GenerationId, x.ImageSeed, x.UserId }).IsUnique();
            r.ToTable(t => t.HasCheckConstraint("ck_ratings_score", "score BETWEEN 1 AND 10"));
        });

        modelBuilder.Entity<ArchivedImage>(a =>
        {
            a.HasOne<Generation>().WithMany().HasForeignKey(x => x.GenerationId).OnDelete(DeleteBehavior.Cascade);
            a.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
            a.HasIndex(x => new { x.GenerationId, x.ImageIndex }).IsUnique();
            // The sweep asks whether any other row still names a file, and which rows are past retention.
            a.HasIndex(x => x.Sha256);
            a.HasIndex(x => x.ArchivedAt);
        });

        modelBuilder.Entity<Ban>(b =>
        {
            b.Property(x => x.Reason).HasMaxLength(500);
            b.HasIndex(x => new { x.GuildId, x.UserId }).IsUnique();
        });

        modelBuilder.Entity<BlockedTerm>(t =>
        {
            t.Property(x => x.Term).HasMaxLength(200);
            t.Property(x => x.NormalizedTerm).HasMaxLength(200);
            t.HasIndex(x => new { x.GuildId, x.NormalizedTerm }).IsUnique();
        });

        modelBuilder.Entity<AuditEntry>(a =>
        {
            a.ToTable("audit_log");
            a.Property(x => x.Action).HasMaxLength(64);
            a.Property(x => x.Reason).HasMaxLength(500);
            a.Property(x => x.Details).HasMaxLength(2000);
            a.HasIndex(x => new { x.GuildId, x.At });
        });

        modelBuilder.Entity<UserPreferences>(p =>
        {
            p.HasKey(x => x.UserId);
            p.Property(x => x.UserId).ValueGeneratedNever();
            p.Property(x => x.Sampler).HasMaxLength(32);
            p.Property(x => x.NegativePrompt).HasMaxLength(2000);
        });
    }
}
