#include "product_controller.h"

#include "engine_images.h"

#include <QFileInfo>
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
    Q_EMIT productChanged();
    clearError();
}

void ProductController::clearError() { setError({}, {}); }

void ProductController::setMissing(const QString& path, const QString& problem, const QString& fix) {
    clear();
    filePath_ = path;
    Q_EMIT productChanged();
    setError(problem, fix);
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
