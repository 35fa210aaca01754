#include "product_controller.h"

#include "engine_images.h"

#include <QDir>
#include <QFileInfo>
#include <QImageWriter>
#include <QUrl>

#include "adgen/error.h"
#include "adgen/product_cutout.h"

QString localPathFrom(const QString& pathOrUrl) {
    if (pathOrUrl.startsWith(QLatin1String("file:"))) return QUrl(pathOrUrl).toLocalFile();
    return pathOrUrl;
}

ProductController::ProductController(QObject* parent) : QObject(parent) {}

bool ProductController::load(const QString& pathOrUrl) {
    const QString path = localPathFrom(pathOrUrl);
    if (path.isEmpty()) {
        setError(tr("No product file was given."), tr("Choose a transparent PNG."));
        return false;
    }
    try {
        const adgen::ProductCutout cutout = adgen::loadProductCutout(path.toStdString());
        image_ = toQImage(cutout.image);
        filePath_ = QFileInfo(path).absoluteFilePath();
        format_ = QString::fromStdString(cutout.inspection.format);
        const adgen::PixelRect& box = cutout.inspection.productBox;
        productBox_ = QRect(box.x, box.y, box.width, box.height);
        coverage_ = cutout.inspection.coverage;
        missingProblem_.clear();
        missingFix_.clear();
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return false;
    }
    Q_EMIT productChanged();
    clearError();
    return true;
}

void ProductController::clear() {
    filePath_.clear();
    image_ = QImage();
    format_.clear();
    productBox_ = QRect();
    coverage_ = 0.0;
    missingProblem_.clear();
    missingFix_.clear();
    Q_EMIT productChanged();
    clearError();
}

void ProductController::clearError() { setError({}, {}); }

void ProductController::setMissing(const QString& path, const QString& problem, const QString& fix) {
    clear();
    filePath_ = path;
    missingProblem_ = problem;
    missingFix_ = fix;
    Q_EMIT productChanged();
    setError(problem, fix);
}

bool ProductController::loadPastedImage(const QImage& image, const QString& savePath) {
    if (image.isNull()) {
        setError(tr("The clipboard holds no image."),
                 tr("Copy a cut-out with transparency in an image editor, or copy a PNG file, then paste again."));
        return false;
    }
    // The engine's own check, so a pasted image is refused exactly like the same file would be.
    const adgen::ImageInspection inspection = adgen::inspectRgba(toRgbaImage(image), image.hasAlphaChannel());
    if (!inspection.usableAsProduct()) {
        setError(tr("Pasted image: %1").arg(QString::fromStdString(inspection.unusableReason)),
                 QString::fromStdString(inspection.unusableFix));
        return false;
    }
    QDir().mkpath(QFileInfo(savePath).absolutePath());
    QImageWriter writer(savePath, "png");
    if (!writer.write(image.convertToFormat(QImage::Format_RGBA8888))) {
        setError(tr("Cannot write the pasted image to %1: %2").arg(QDir::toNativeSeparators(savePath), writer.errorString()),
                 tr("Save the brief in a folder you can write to, then paste again."));
        return false;
    }
    return load(savePath);
}

bool ProductController::State::operator==(const State& other) const {
    // QImage compares shared pixels by pointer first, so equal states are cheap to compare.
    return filePath == other.filePath && image == other.image && format == other.format &&
           productBox == other.productBox && coverage == other.coverage &&
           missingProblem == other.missingProblem && missingFix == other.missingFix;
}

ProductController::State ProductController::state() const {
    return {filePath_, image_, format_, productBox_, coverage_, missingProblem_, missingFix_};
}

void ProductController::restore(const State& state) {
    filePath_ = state.filePath;
    image_ = state.image;
    format_ = state.format;
    productBox_ = state.productBox;
    coverage_ = state.coverage;
    missingProblem_ = state.missingProblem;
    missingFix_ = state.missingFix;
    Q_EMIT productChanged();
    // A missing product shows why again; a present one shows no stale error.
    setError(missingProblem_, missingFix_);
}

QString ProductController::fileName() const { return QFileInfo(filePath_).fileName(); }

QString ProductController::summary() const {
    if (!loaded()) return {};
    return tr("%1 × %2 px · %3 · product box %4, %5 – %6 × %7 px · coverage %8 %")
        .arg(width())
        .arg(height())
        .arg(format_)
        .arg(productBox_.x())
        .arg(productBox_.y())
        .arg(productBox_.width())
        .arg(productBox_.height())
        .arg(coverage_ * 100.0, 0, 'f', 1);
}

void ProductController::setError(const QString& problem, const QString& fix) {
    if (problem == error_ && fix == errorFix_) return;
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}
