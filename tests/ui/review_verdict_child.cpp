// A reviewer cut short, for tst_review_store: opens the studio database given as the first
// argument and judges the items given after it without pause, step after step (item s mod n,
// criterion (s / n) mod 6, decision s mod 3: pass, reject, unsure, note "step s"), printing
// "verdict <item> <criterion> <decision> <step>" as soon as each setVerdict call has returned,
// until the test kills it (SIGKILL) mid-way.
#include <QCoreApplication>

#include <cstdio>

#include "review_store.h"

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: review_verdict_child <studio database> <item id>...\n");
        return 2;
    }
    ReviewStore store;
    if (!store.open(QString::fromLocal8Bit(argv[1]))) {
        std::fprintf(stderr, "%s\n", qPrintable(store.error()));
        return 1;
    }
    QList<qint64> items;
    for (int i = 2; i < argc; ++i)
        items.append(QByteArray(argv[i]).toLongLong());
    const ReviewDecision decisions[] = {ReviewDecision::Pass, ReviewDecision::Reject,
                                        ReviewDecision::Unsure};
    for (long long step = 0; step < 1000000; ++step) {
        const qint64 item = items[step % items.size()];
        const ReviewCriterion criterion =
            reviewCriteria()[(step / items.size()) % kReviewCriterionCount];
        const ReviewDecision decision = decisions[step % 3];
        if (!store.setVerdict(item, QStringLiteral("kim"), criterion, decision,
                              QStringLiteral("step %1").arg(step))) {
            std::fprintf(stderr, "%s\n", qPrintable(store.error()));
            return 1;
        }
        std::printf("verdict %lld %s %s %lld\n", static_cast<long long>(item),
                    qPrintable(criterionId(criterion)), qPrintable(decisionId(decision)), step);
        std::fflush(stdout);
    }
    return 3;
}
