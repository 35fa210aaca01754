#include "variants_model.h"

#include "engine_images.h"

#include <cmath>

VariantsModel::VariantsModel(QObject* parent) : QAbstractListModel(parent) {
    refresh_.setInterval(kRefreshMs);
    refresh_.setSingleShot(true);
    connect(&refresh_, &QTimer::timeout, this, &VariantsModel::flush);
}

int VariantsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(variants_.size());
}

QHash<int, QByteArray> VariantsModel::roleNames() const {
    return {{NumberRole, "number"},         {SeedRole, "seed"},
            {TitleRole, "title"},           {StateRole, "state"},
            {StateLabelRole, "stateLabel"}, {ActiveRole, "active"},
            {ImageRole, "image"},           {FusionImageRole, "fusionImage"},
            {ProgressRole, "progress"},     {RevisionRole, "revision"},
            {LabelRole, "label"}};
}

namespace {
bool isActive(VariantsModel::State state) {
    return state == VariantsModel::State::Queued || state == VariantsModel::State::Writing ||
           state == VariantsModel::State::Rendering;
}
double progressOf(const VariantCanvas& canvas) {
    return static_cast<double>(canvas.tokensPainted()) / static_cast<double>(canvas.grid() * canvas.grid());
}
}  // namespace

QString VariantsModel::stateLabel(const Variant& v) const {
    switch (v.state) {
        case State::Queued: return tr("Queued");
        case State::Writing: return tr("Writing copy");
        case State::Rendering: return tr("Rendering %1 %").arg(std::lround(progressOf(v.canvas) * 100));
        case State::Done: return tr("Done");
        case State::Cancelled: return tr("Cancelled");
        case State::Failed: return tr("Failed");
    }
    return {};
}

QVariant VariantsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Variant& v = variants_[static_cast<size_t>(index.row())];
    switch (role) {
        case NumberRole: return v.number;
        case SeedRole: return QString::number(v.seed);
        case Qt::DisplayRole:
        case TitleRole: return v.title;
        case StateRole: return static_cast<int>(v.state);
        case StateLabelRole: return stateLabel(v);
        case ActiveRole: return isActive(v.state);
        case ImageRole: return v.canvas.image();
        case FusionImageRole: return v.fusion;
        case ProgressRole: return progressOf(v.canvas);
        case RevisionRole: return v.revision;
        case LabelRole: return v.label;
        default: return {};
    }
}

void VariantsModel::start(const std::vector<quint64>& seeds, int grid, int imageSize, const QStringList& labels) {
    beginResetModel();
    refresh_.stop();
    dirtyPictures_.clear();
    variants_.clear();
    for (const quint64 seed : seeds) {
        Variant v;
        v.number = static_cast<int>(variants_.size()) + 1;
        v.label = labels.value(static_cast<qsizetype>(variants_.size()));
        v.seed = seed;
        v.canvas = VariantCanvas(grid, imageSize);
        variants_.push_back(std::move(v));
    }
    endResetModel();
    Q_EMIT countChanged();
    Q_EMIT stateCountsChanged();
}

void VariantsModel::changed(int variant, const QList<int>& roles) {
    const QModelIndex i = index(variant);
    Q_EMIT dataChanged(i, i, roles);
}

void VariantsModel::pictureChanged(int variant) {
    ++variants_[static_cast<size_t>(variant)].revision;
    dirtyPictures_.insert(variant);
    if (!refresh_.isActive()) refresh_.start();
}

void VariantsModel::flush() {
    refresh_.stop();
    const QSet<int> dirty = std::exchange(dirtyPictures_, {});
    for (const int variant : dirty)
        if (valid(variant)) changed(variant, {ImageRole, ProgressRole, RevisionRole, StateLabelRole});
}

void VariantsModel::setState(int variant, State state) {
    if (!valid(variant)) return;
    Variant& v = variants_[static_cast<size_t>(variant)];
    // A finished, cancelled or failed variant stays so: late events of its generation do not revive it.
    if (v.state == state || !isActive(v.state)) return;
    v.state = state;
    changed(variant, {StateRole, StateLabelRole, ActiveRole});
    Q_EMIT stateCountsChanged();
}

void VariantsModel::endActive(State state) {
    for (int i = 0; i < rowCount(); ++i) setState(i, state);
    flush();
}

void VariantsModel::appendTitle(int variant, const QString& text) {
    if (!valid(variant) || text.isEmpty()) return;
    Variant& v = variants_[static_cast<size_t>(variant)];
    if (!isActive(v.state)) return;
    v.title += text;
    changed(variant, {TitleRole, Qt::DisplayRole});
    setState(variant, State::Writing);
}

void VariantsModel::paintToken(int variant, int row, int col, QColor colour) {
    if (!valid(variant) || !isActive(variants_[static_cast<size_t>(variant)].state)) return;
    setState(variant, State::Rendering);
    variants_[static_cast<size_t>(variant)].canvas.paintToken(row, col, colour);
    pictureChanged(variant);
}

void VariantsModel::paintPreview(int variant, const QImage& preview, int rows) {
    if (!valid(variant) || !isActive(variants_[static_cast<size_t>(variant)].state)) return;
    variants_[static_cast<size_t>(variant)].canvas.paintPreview(preview, rows);
    pictureChanged(variant);
}

void VariantsModel::finish(int variant, const QString& title, const QImage& image, const QImage& fusion) {
    if (!valid(variant) || !isActive(variants_[static_cast<size_t>(variant)].state)) return;
    Variant& v = variants_[static_cast<size_t>(variant)];
    v.title = title;  // the final title: the streamed text was a preview of it
    v.canvas.setFinal(image);
    v.fusion = fusion;
    ++v.revision;
    dirtyPictures_.remove(variant);
    changed(variant, {TitleRole, Qt::DisplayRole, ImageRole, FusionImageRole, ProgressRole, RevisionRole});
    setState(variant, State::Done);
}

void VariantsModel::restore(const std::vector<SavedVariant>& saved, int grid, int imageSize) {
    beginResetModel();
    refresh_.stop();
    dirtyPictures_.clear();
    variants_.clear();
    for (const SavedVariant& s : saved) {
        Variant v;
        v.number = s.number;
        v.seed = s.seed;
        v.title = s.title;
        v.state = s.state == QLatin1String("done")     ? State::Done
                  : s.state == QLatin1String("failed") ? State::Failed
                                                       : State::Cancelled;
        v.canvas = VariantCanvas(grid, imageSize);
        v.canvas.setFinal(s.image);  // a null image leaves the blank canvas
        v.fusion = s.fusionImage;
        variants_.push_back(std::move(v));
    }
    endResetModel();
    Q_EMIT countChanged();
    Q_EMIT stateCountsChanged();
}

QVariantMap VariantsModel::at(int row) const {
    QVariantMap out;
    if (!valid(row)) return out;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it) out.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return out;
}

bool VariantsModel::apply(int row, const adgen::GenerationEvent& e) {
    using Type = adgen::GenerationEvent::Type;
    switch (e.type) {
        case Type::TextDelta: appendTitle(row, QString::fromStdString(e.text)); return true;
        case Type::ImageToken: paintToken(row, e.row, e.col, QColor(e.colour[0], e.colour[1], e.colour[2])); return true;
        case Type::Preview:
            // A preview is decoded when a token row is complete: it shows every row drawn so far.
            if (valid(row)) {
                const VariantCanvas& canvas = variants_[static_cast<size_t>(row)].canvas;
                paintPreview(row, toQImage(e.image), canvas.tokensPainted() / canvas.grid());
            }
            return true;
        case Type::VariantDone: finish(row, QString::fromStdString(e.text), toQImage(e.image), toQImage(e.fusionImage)); return true;
        case Type::Cancelled:
            if (e.variant < 0) return false;
            setState(row, State::Cancelled);
            return true;
        default: return false;
    }
}

VariantsModel::State VariantsModel::state(int variant) const {
    return valid(variant) ? variants_[static_cast<size_t>(variant)].state : State::Failed;
}
int VariantsModel::number(int variant) const { return valid(variant) ? variants_[static_cast<size_t>(variant)].number : 0; }
QString VariantsModel::title(int variant) const { return valid(variant) ? variants_[static_cast<size_t>(variant)].title : QString(); }
quint64 VariantsModel::seed(int variant) const { return valid(variant) ? variants_[static_cast<size_t>(variant)].seed : 0; }
QImage VariantsModel::image(int variant) const {
    return valid(variant) ? variants_[static_cast<size_t>(variant)].canvas.image() : QImage();
}
QImage VariantsModel::fusionImage(int variant) const {
    return valid(variant) ? variants_[static_cast<size_t>(variant)].fusion : QImage();
}

int VariantsModel::finishedCount() const {
    int n = 0;
    for (const auto& v : variants_) n += v.state == State::Done ? 1 : 0;
    return n;
}

int VariantsModel::activeCount() const {
    int n = 0;
    for (const auto& v : variants_) n += isActive(v.state) ? 1 : 0;
    return n;
}
