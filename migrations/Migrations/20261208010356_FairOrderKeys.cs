using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class FairOrderKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_generations_started_at",
                schema: "dreambot",
                table: "generations");

            migrationBuilder.AddColumn<int>(
                name: "queue_round",
                schema: "dreambot",
                table: "generations",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "queue_guilds",
                schema: "dreambot",
                columns: table => new
                {
                    model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    guild_key = table.Column<long>(type: "bigint", nullable: false),
                    @base = table.Column<int>(name: "base", type: "integer", nullable: false),
                    turn = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_guilds", x => new { x.model, x.guild_key });
                });

            migrationBuilder.CreateTable(
                name: "queue_users",
                schema: "dreambot",
                columns: table => new
                {
                    model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    guild_key = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    last_round = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_users", x => new { x.model, x.guild_key, x.user_id });
                });

            // Each guild's queue for a model in its fair order; also what finds the guilds that have requests waiting.
            migrationBuilder.Sql("""
                CREATE INDEX ix_generations_fair_order ON dreambot.generations
                    (model, (coalesce(guild_id, 0)), queue_round, queued_at, id) WHERE status = 'Queued';
                -- The few requests whose acknowledgement is on its way: their users' later requests wait for them.
                CREATE INDEX ix_generations_awaiting_acknowledgement ON dreambot.generations (user_id) WHERE awaiting_acknowledgement;
                """);

            // Requests already waiting keep the order they had within each user's queue.
            migrationBuilder.Sql("""
                UPDATE dreambot.generations g SET queue_round = r.round
                FROM (SELECT id, row_number() OVER (PARTITION BY model, coalesce(guild_id, 0), user_id ORDER BY queued_at, id) AS round
                      FROM dreambot.generations WHERE status = 'Queued') r
                WHERE g.id = r.id;
                INSERT INTO dreambot.queue_users (model, guild_key, user_id, last_round)
                SELECT model, coalesce(guild_id, 0), user_id, max(queue_round) FROM dreambot.generations
                WHERE status = 'Queued' GROUP BY 1, 2, 3;
                INSERT INTO dreambot.queue_guilds (model, guild_key, base, turn)
                SELECT DISTINCT model, coalesce(guild_id, 0), 1, 0 FROM dreambot.generations WHERE status = 'Queued';
                """);

            // The guilds with requests waiting for a model and the round each has reached, found by skipping through the
            // index above from one guild to the next (a few lookups per guild, whatever the length of each queue).
            migrationBuilder.Sql("""
                CREATE FUNCTION dreambot.waiting_guilds(queue_model varchar) RETURNS TABLE (guild_key bigint, base integer)
                LANGUAGE sql STABLE AS $$
                    WITH RECURSIVE waiting(guild_key) AS (
                        SELECT min(coalesce(guild_id, 0)) FROM dreambot.generations WHERE status = 'Queued' AND model = queue_model
                        UNION ALL
                        SELECT (SELECT min(coalesce(g.guild_id, 0)) FROM dreambot.generations g
                                WHERE g.status = 'Queued' AND g.model = queue_model AND coalesce(g.guild_id, 0) > w.guild_key)
                        FROM waiting w WHERE w.guild_key IS NOT NULL)
                    SELECT w.guild_key, coalesce(q.base, 1) FROM waiting w
                    LEFT JOIN dreambot.queue_guilds q ON q.model = queue_model AND q.guild_key = w.guild_key
                    WHERE w.guild_key IS NOT NULL
                $$;
                """);

            // Every request queued gets its round here, whichever code inserts it: the round after the user's last
            // in this guild, and never before the round the guild's queue has reached. A guild whose queue was empty
            // joins the guilds waiting at the round they have reached.
            migrationBuilder.Sql("""
                CREATE FUNCTION dreambot.assign_queue_round() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    guild bigint := coalesce(NEW.guild_id, 0);
                    head integer;
                    joined integer;
                BEGIN
                    IF NEW.status <> 'Queued' OR NEW.queue_round IS NOT NULL THEN
                        RETURN NEW;
                    END IF;
                    SELECT min(queue_round) INTO head FROM dreambot.generations
                    WHERE status = 'Queued' AND model = NEW.model AND coalesce(guild_id, 0) = guild;
                    IF head IS NULL THEN
                        SELECT min(base) INTO joined FROM dreambot.waiting_guilds(NEW.model);
                        IF joined IS NULL THEN
                            SELECT coalesce(max(base), 1) INTO joined FROM dreambot.queue_guilds WHERE model = NEW.model;
                        END IF;
                        INSERT INTO dreambot.queue_guilds AS q (model, guild_key, base, turn) VALUES (NEW.model, guild, joined, 0)
                        ON CONFLICT (model, guild_key) DO UPDATE SET base = greatest(q.base, excluded.base)
                        RETURNING q.turn + 1 INTO head;
                    END IF;
                    INSERT INTO dreambot.queue_users AS u (model, guild_key, user_id, last_round) VALUES (NEW.model, guild, NEW.user_id, head)
                    ON CONFLICT (model, guild_key, user_id) DO UPDATE SET last_round = greatest(excluded.last_round, u.last_round + 1)
                    RETURNING u.last_round INTO NEW.queue_round;
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER assign_queue_round BEFORE INSERT ON dreambot.generations
                    FOR EACH ROW EXECUTE FUNCTION dreambot.assign_queue_round();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER assign_queue_round ON dreambot.generations;
                DROP FUNCTION dreambot.assign_queue_round();
                DROP FUNCTION dreambot.waiting_guilds(varchar);
                DROP INDEX dreambot.ix_generations_fair_order;
                DROP INDEX dreambot.ix_generations_awaiting_acknowledgement;
                """);

            migrationBuilder.DropTable(
                name: "queue_guilds",
                schema: "dreambot");

            migrationBuilder.DropTable(
                name: "queue_users",
                schema: "dreambot");

            migrationBuilder.DropColumn(
                name: "queue_round",
                schema: "dreambot",
                table: "generations");

            migrationBuilder.CreateIndex(
                name: "ix_generations_started_at",
                schema: "dreambot",
                table: "generations",
                column: "started_at",
                filter: "started_at IS NOT NULL");
        }
    }
}
