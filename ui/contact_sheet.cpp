#include "contact_sheet.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ContactSheet", text); }

QString productLabel(const GenerationRecipe& r) {
    const QString file = QFileInfo(r.productPath).fileName();
    if (r.originalTitle.isEmpty()) return file.isEmpty() ? tr("(no product)") : file;
    return file.isEmpty() ? r.originalTitle : QStringLiteral("%1 (%2)").arg(r.originalTitle, file);
}

QString modelLabel(const GenerationRecipe& r) {
    QString label = r.modelName.isEmpty() ? tr("(unknown model)") : r.modelName;
    // The first 12 hex digits tell models apart on paper; the full fingerprint is in the recipe.
    if (r.modelFingerprint.startsWith(QLatin1String("sha256:"))) label += QStringLiteral(" · ") + r.modelFingerprint.left(19);
    return label;
}

QString settingsLine(const GenerationRecipe& r) {
    QStringList parts;
    parts << tr("History %1 clicks (%2)").arg(r.historyLength).arg(r.sampling)
          << tr("title temperature %1").arg(r.titleTemperature, 0, 'g', 3)
          << tr("image temperature %1").arg(r.imageTemperature, 0, 'g', 3) << tr("CFG %1").arg(r.cfgWeight, 0, 'g', 3)
          << (r.factualCopy ? tr("factual copy on") : tr("factual copy off"));
    if (!r.device.isEmpty()) parts << QStringLiteral("%1 %2").arg(r.device, r.dtype);
    if (!r.appVersion.isEmpty()) parts << tr("AdGen Studio %1").arg(r.appVersion);
    return parts.join(QStringLiteral(" · "));
}

QString historyLine(const GenerationRecipe& r) {
    if (r.historyUsed.isEmpty()) return tr("No shopper history: not personalized.");
    QStringList titles;
    for (const auto& h : r.historyUsed) titles << h.title;
    return tr("Clicks used: %1").arg(titles.join(QStringLiteral("; ")));
}

// Draws `text` in `box`, wrapped; lines that do not fit are left out and the last one shown is
// elided, so a long copy never runs into the next cell.
void drawWrapped(QPainter& painter, const QRectF& box, const QString& text) {
    const QFontMetricsF metrics(painter.font());
    const int maxLines = std::max(1, static_cast<int>(box.height() / metrics.lineSpacing()));
    QRectF needed = metrics.boundingRect(box, Qt::TextWordWrap, text);
    if (needed.height() <= box.height()) {
        painter.drawText(box, Qt::TextWordWrap, text);
        return;
    }
    // Fill maxLines lines: shrink the text until it fits, then elide.
    QString shown = text;
    while (!shown.isEmpty() &&
           metrics.boundingRect(box, Qt::TextWordWrap, shown + QStringLiteral("…")).height() >
               metrics.lineSpacing() * maxLines)
        shown.chop(std::max<qsizetype>(1, shown.size() / 20));
    painter.drawText(box, Qt::TextWordWrap, shown.trimmed() + QStringLiteral("…"));
}

}  // namespace

int contactSheetPageCount(int variants) { return std::max(1, (variants + kContactSheetPerPage - 1) / kContactSheetPerPage); }

bool writeContactSheet(const QString& path, const GenerationRecipe& recipe, const QList<ExportVariant>& variants, AdImage image,
                       ExportProblem* problem) {
    if (variants.isEmpty()) {
        if (problem) *problem = {tr("No variants were chosen for the contact sheet."), tr("Select the finished variants to print.")};
        return false;
    }
    QByteArray pdf;
    {
        QBuffer buffer(&pdf);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageOrientation(QPageLayout::Landscape);
        writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter);
        writer.setResolution(300);
        writer.setTitle(tr("Contact sheet: %1").arg(productLabel(recipe)));
        writer.setCreator(QStringLiteral("AdGen Studio"));

        QPainter painter(&writer);
        if (!painter.isActive()) {
            if (problem) *problem = {tr("The PDF could not be started."), tr("Export the pictures as PNG instead.")};
            return false;
        }
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        const double width = writer.width(), height = writer.height();
        const double mm = writer.resolution() / 25.4;
        QFont base = painter.font();
        base.setPointSizeF(9);
        QFont small = base;
        small.setPointSizeF(7.5);
        QFont heading = base;
        heading.setPointSizeF(13);
        heading.setBold(true);
        QFont bold = base;
        bold.setBold(true);

        const QString created = recipe.created.isValid() ? recipe.created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                                         : QString();
        const QString shopper = recipe.shopperName.isEmpty() ? tr("(no shopper)") : recipe.shopperName;
        const int pages = contactSheetPageCount(static_cast<int>(variants.size()));
        const double headerHeight = 16 * mm, footerHeight = 12 * mm, gap = 5 * mm;
        const double gridTop = headerHeight, gridHeight = height - headerHeight - footerHeight - gap;
        const double cellWidth = (width - gap * (kContactSheetColumns - 1)) / kContactSheetColumns;
        const double cellHeight = (gridHeight - gap * (kContactSheetRows - 1)) / kContactSheetRows;
        const double textHeight = 27 * mm;  // number and seed, then four lines of copy
        const double side = std::min(cellWidth, cellHeight - textHeight);

        for (int page = 0; page < pages; ++page) {
            if (page > 0) writer.newPage();
            // Header.
            painter.setPen(Qt::black);
            painter.setFont(heading);
            painter.drawText(QRectF(0, 0, width, 8 * mm), Qt::AlignLeft | Qt::AlignVCenter,
                             QFontMetricsF(heading).elidedText(productLabel(recipe), Qt::ElideRight, width * 0.7));
            painter.setFont(base);
            painter.drawText(QRectF(0, 0, width, 8 * mm), Qt::AlignRight | Qt::AlignVCenter, created);
            painter.drawText(QRectF(0, 8 * mm, width, 6 * mm), Qt::AlignLeft | Qt::AlignVCenter,
                             QFontMetricsF(base).elidedText(tr("Shopper: %1    Model: %2").arg(shopper, modelLabel(recipe)),
                                                            Qt::ElideRight, width));
            painter.drawLine(QPointF(0, headerHeight - 1 * mm), QPointF(width, headerHeight - 1 * mm));

            // The grid.
            const int first = page * kContactSheetPerPage;
            const int last = std::min(static_cast<int>(variants.size()), first + kContactSheetPerPage);
            for (int i = first; i < last; ++i) {
                const ExportVariant& v = variants[i];
                const int slot = i - first;
                const double x = (slot % kContactSheetColumns) * (cellWidth + gap);
                const double y = gridTop + (slot / kContactSheetColumns) * (cellHeight + gap);
                const QImage& picture = v.picture(image);
                if (!picture.isNull()) {
                    QSizeF size = QSizeF(picture.size()).scaled(side, side, Qt::KeepAspectRatio);
                    painter.drawImage(QRectF(QPointF(x, y), size), picture);
                }
                painter.setFont(bold);
                const double textTop = y + side + 1.5 * mm;
                painter.drawText(QRectF(x, textTop, cellWidth, 5 * mm), Qt::AlignLeft | Qt::AlignVCenter,
                                 tr("Variant %1 · seed %2").arg(v.number).arg(v.seed));
                painter.setFont(base);
                drawWrapped(painter, QRectF(x, textTop + 5.5 * mm, cellWidth, textHeight - 7.5 * mm), v.title);
            }

            // The foot: settings, the clicks used, the page.
            const double footTop = height - footerHeight;
            painter.drawLine(QPointF(0, footTop), QPointF(width, footTop));
            painter.setFont(small);
            const QFontMetricsF smallMetrics(small);
            painter.drawText(QRectF(0, footTop + 1 * mm, width, 5 * mm), Qt::AlignLeft | Qt::AlignVCenter,
                             smallMetrics.elidedText(settingsLine(recipe), Qt::ElideRight, width * 0.88));
            painter.drawText(QRectF(0, footTop + 1 * mm, width, 5 * mm), Qt::AlignRight | Qt::AlignVCenter,
                             tr("Page %1 of %2").arg(page + 1).arg(pages));
            painter.drawText(QRectF(0, footTop + 6 * mm, width, 5 * mm), Qt::AlignLeft | Qt::AlignVCenter,
                             smallMetrics.elidedText(historyLine(recipe), Qt::ElideRight, width));
        }
        painter.end();
    }
    return saveAtomically(path, pdf, problem);
}
