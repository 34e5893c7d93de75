using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DatasetConsent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "dataset_consent",
                schema: "dreambot",
                table: "generations",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "dataset_consent",
                schema: "dreambot",
                table: "generations");
        }
    }
}
