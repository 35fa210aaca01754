#include "review_items_model.h"

#include <QVariantMap>

#include <algorithm>

ReviewItemsModel::ReviewItemsModel(QObject* parent) : QAbstractListModel(parent) {}

ReviewItemsModel::~ReviewItemsModel() = default;

int ReviewItemsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant ReviewItemsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = rows_.at(index.row());
    const ReviewItem& item = row.item;
    const auto decisionOn = [&row](ReviewCriterion criterion) {
        for (const ReviewVerdict& v : row.verdicts) {
            if (v.criterion == criterion)
                return decisionId(v.decision);
        }
        return QString();
    };
    switch (role) {
        case ItemIdRole:
            return item.id;
        case PositionRole:
            return item.position;
        case Qt::DisplayRole:
        case CopyRole:
            return item.copy;
        case SellingPointsRole:
            return item.sellingPoints;
        case ModelNameRole:
            return item.modelName;
        case ShopperNameRole:
            return item.shopperName;
        case SourcePathRole:
            return item.sourcePath;
        case HasFusionRole:
            return item.hasFusion;
        case HasRecipeRole:
            return !item.recipe.isEmpty();
        case ThumbnailSourceRole:
            return QStringLiteral("image://%1/%2")
                .arg(QLatin1String(kImageProviderId))
                .arg(item.id);
        case RawThumbnailSourceRole:
            return QStringLiteral("image://%1/%2")
                .arg(QLatin1String(kRawImageProviderId))
                .arg(item.id);
        case SizeMismatchRole:
            return decisionOn(ReviewCriterion::SizeMismatch);
        case ShapeHallucinationRole:
            return decisionOn(ReviewCriterion::ShapeHallucination);
        case SpaceMismatchRole:
            return decisionOn(ReviewCriterion::SpaceMismatch);
        case VisualPerceptionRole:
            return decisionOn(ReviewCriterion::VisualPerception);
        case FactualityRole:
            return decisionOn(ReviewCriterion::Factuality);
        case ReadabilityRole:
            return decisionOn(ReviewCriterion::Readability);
        case DecisionsRole: {
            QVariantMap map;
            for (const ReviewVerdict& v : row.verdicts)
                map.insert(criterionId(v.criterion), decisionId(v.decision));
            return map;
        }
        case NotesRole: {
            QVariantMap map;
            for (const ReviewVerdict& v : row.verdicts) {
                if (!v.note.isEmpty())
                    map.insert(criterionId(v.criterion), v.note);
            }
            return map;
        }
        case NoteRole: {
            QStringList lines;
            for (const ReviewVerdict& v : row.verdicts) {
                if (!v.note.isEmpty())
                    lines << criterionTitle(v.criterion) + QStringLiteral(": ") + v.note;
            }
            return lines.join(QLatin1Char('\n'));
        }
        case JudgedCountRole:
            return int(row.verdicts.size());
        case OverallRole:
            return overallId(overallDecision(row.verdicts));
        default:
            return {};
    }
}

QHash<int, QByteArray> ReviewItemsModel::roleNames() const {
    return {{ItemIdRole, "itemId"},
            {PositionRole, "position"},
            {CopyRole, "copy"},
            {SellingPointsRole, "sellingPoints"},
            {ModelNameRole, "modelName"},
            {ShopperNameRole, "shopperName"},
            {SourcePathRole, "sourcePath"},
            {HasFusionRole, "hasFusion"},
            {HasRecipeRole, "hasRecipe"},
            {ThumbnailSourceRole, "thumbnailSource"},
            {RawThumbnailSourceRole, "rawThumbnailSource"},
            {SizeMismatchRole, "sizeMismatch"},
            {ShapeHallucinationRole, "shapeHallucination"},
            {SpaceMismatchRole, "spaceMismatch"},
            {VisualPerceptionRole, "visualPerception"},
            {FactualityRole, "factuality"},
            {ReadabilityRole, "readability"},
            {DecisionsRole, "decisions"},
            {NotesRole, "notes"},
            {NoteRole, "note"},
            {JudgedCountRole, "judgedCount"},
            {OverallRole, "overall"}};
}

QVariantList ReviewItemsModel::criteria() {
    QVariantList list;
    for (ReviewCriterion c : reviewCriteria()) {
        list.append(QVariantMap{{QStringLiteral("id"), criterionId(c)},
                                {QStringLiteral("title"), criterionTitle(c)},
                                {QStringLiteral("definition"), criterionDefinition(c)},
                                {QStringLiteral("image"), isImageCriterion(c)}});
    }
    return list;
}

void ReviewItemsModel::setStore(ReviewStore* store) {
    if (store == store_)
        return;
    if (store_)
        disconnect(store_, nullptr, this, nullptr);
    store_ = store;
    if (store_) {
        connect(store_, &ReviewStore::batchesChanged, this, &ReviewItemsModel::refresh);
        connect(store_, &ReviewStore::verdictsChanged, this, &ReviewItemsModel::onVerdictsChanged);
        connect(store_, &QObject::destroyed, this, [this] {
            store_ = nullptr;
            refresh();
        });
    }
    refresh();
    Q_EMIT storeChanged();
}

void ReviewItemsModel::setBatchId(qint64 batchId) {
    if (batchId == batchId_)
        return;
    batchId_ = batchId;
    refresh();
    Q_EMIT batchIdChanged();
}

void ReviewItemsModel::setReviewer(const QString& reviewer) {
    const QString name = reviewer.trimmed();
    if (name == reviewer_)
        return;
    reviewer_ = name;
    // Same items, another reviewer's checklist: the rows change in place.
    for (int i = 0; i < rows_.size(); ++i)
        rows_[i].verdicts = verdictsOf(rows_.at(i).item.id);
    if (!rows_.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(rows_.size()) - 1));
    Q_EMIT reviewerChanged();
}

QList<ReviewVerdict> ReviewItemsModel::verdictsOf(qint64 itemId) const {
    if (!store_ || reviewer_.isEmpty())
        return {};
    return store_->verdicts(itemId, reviewer_);
}

void ReviewItemsModel::refresh() {
    QList<ReviewItem> items =
        store_ && batchId_ >= 0 ? store_->items(batchId_) : QList<ReviewItem>{};
    const bool sameItems =
        items.size() == rows_.size() &&
        std::equal(items.begin(), items.end(), rows_.begin(),
                   [](const ReviewItem& a, const Row& b) { return a.id == b.item.id; });
    if (sameItems) {
        // Items never change once in a batch: only the verdicts can have.
        for (int i = 0; i < rows_.size(); ++i) {
            const QList<ReviewVerdict> verdicts = verdictsOf(rows_.at(i).item.id);
            if (verdicts == rows_.at(i).verdicts)
                continue;
            rows_[i].verdicts = verdicts;
            Q_EMIT dataChanged(index(i), index(i));
        }
        return;
    }
    const int countBefore = int(rows_.size());
    beginResetModel();
    rows_.clear();
    for (ReviewItem& item : items) {
        const qint64 id = item.id;
        rows_.append({std::move(item), verdictsOf(id)});
    }
    endResetModel();
    if (rows_.size() != countBefore)
        Q_EMIT countChanged();
}

void ReviewItemsModel::onVerdictsChanged(qint64 batchId, const QList<qint64>& itemIds,
                                         const QString& reviewer) {
    if (batchId != batchId_ || reviewer != reviewer_)
        return;
    for (qint64 id : itemIds) {
        const int row = rowOf(id);
        if (row < 0)
            continue;
        rows_[row].verdicts = verdictsOf(id);
        Q_EMIT dataChanged(index(row), index(row));
    }
}

int ReviewItemsModel::rowOf(qint64 itemId) const {
    for (int i = 0; i < rows_.size(); ++i) {
        if (rows_.at(i).item.id == itemId)
            return i;
    }
    return -1;
}

qint64 ReviewItemsModel::idAt(int row) const {
    return row >= 0 && row < rows_.size() ? rows_.at(row).item.id : -1;
}

bool ReviewItemsModel::checkRow(int row) {
    if (!store_) {
        setError(tr("No review store is set."), tr("Open the review lane from the studio."));
        return false;
    }
    if (row < 0 || row >= rows_.size()) {
        setError(tr("There is no ad %1 in this batch.").arg(row + 1),
                 tr("Choose an ad of the list."));
        return false;
    }
    if (reviewer_.isEmpty()) {
        setError(tr("Verdicts need the reviewer's name."),
                 tr("Enter your name as the reviewer, then judge the ad."));
        return false;
    }
    return true;
}

std::optional<ReviewCriterion> ReviewItemsModel::checkCriterion(const QString& criterion) {
    const std::optional<ReviewCriterion> c = parseReviewCriterion(criterion);
    if (!c) {
        QStringList ids;
        for (ReviewCriterion known : reviewCriteria())
            ids << criterionId(known);
        setError(tr("\"%1\" is not a review criterion.").arg(criterion),
                 tr("Use one of %1.").arg(ids.join(QStringLiteral(", "))));
    }
    return c;
}

bool ReviewItemsModel::setDecision(int row, const QString& criterion, const QString& decision) {
    if (!checkRow(row))
        return false;
    const std::optional<ReviewCriterion> c = checkCriterion(criterion);
    if (!c)
        return false;
    if (decision.isEmpty())
        return takeStoreResult(store_->clearVerdict(idAt(row), reviewer_, *c));
    const std::optional<ReviewDecision> d = parseReviewDecision(decision);
    if (!d) {
        setError(tr("\"%1\" is not a decision.").arg(decision),
                 tr("Use pass, reject or unsure (or nothing to clear it)."));
        return false;
    }
    return takeStoreResult(store_->setVerdict(idAt(row), reviewer_, *c, *d));
}

bool ReviewItemsModel::acceptAll(int row) {
    if (!checkRow(row))
        return false;
    return takeStoreResult(store_->acceptAll(idAt(row), reviewer_));
}

bool ReviewItemsModel::rejectWithReason(int row, const QString& criterion, const QString& note) {
    if (!checkRow(row))
        return false;
    const std::optional<ReviewCriterion> c = checkCriterion(criterion);
    if (!c)
        return false;
    return takeStoreResult(store_->setVerdict(idAt(row), reviewer_, *c, ReviewDecision::Reject,
                                              note.isNull() ? QStringLiteral("") : note.trimmed()));
}

bool ReviewItemsModel::setNote(int row, const QString& criterion, const QString& note) {
    if (!checkRow(row))
        return false;
    const std::optional<ReviewCriterion> c = checkCriterion(criterion);
    if (!c)
        return false;
    return takeStoreResult(store_->setNote(idAt(row), reviewer_, *c, note.trimmed()));
}

bool ReviewItemsModel::applyToRows(const QVariantList& rows, const QString& criterion,
                                   const QString& decision) {
    QList<qint64> ids;
    for (const QVariant& value : rows) {
        bool ok = false;
        const int row = value.toInt(&ok);
        if (!ok) {
            setError(tr("\"%1\" is not a row number.").arg(value.toString()),
                     tr("Pass the selected rows' numbers."));
            return false;
        }
        if (!checkRow(row))
            return false;
        if (!ids.contains(idAt(row)))
            ids.append(idAt(row));
    }
    if (ids.isEmpty()) {
        setError(tr("No ads are selected."), tr("Select the ads to apply the decision to."));
        return false;
    }
    const std::optional<ReviewCriterion> c = checkCriterion(criterion);
    if (!c)
        return false;
    const std::optional<ReviewDecision> d = parseReviewDecision(decision);
    if (!d) {
        setError(tr("\"%1\" is not a decision.").arg(decision), tr("Use pass, reject or unsure."));
        return false;
    }
    return takeStoreResult(store_->setVerdicts(ids, reviewer_, *c, *d));
}

bool ReviewItemsModel::clearRow(int row) {
    if (!checkRow(row))
        return false;
    return takeStoreResult(store_->clearItemVerdicts(idAt(row), reviewer_));
}

bool ReviewItemsModel::takeStoreResult(bool ok) {
    if (ok)
        clearError();
    else if (store_)
        setError(store_->error(), store_->errorFix());
    return ok;
}

void ReviewItemsModel::clearError() {
    setError({}, {});
}

void ReviewItemsModel::setError(const QString& problem, const QString& fix) {
    if (problem == error_ && fix == errorFix_)
        return;
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}
