import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// What to generate and how: variants, seeds, sampling, copy mode and the shopper's history;
// Generate and Cancel all; the live read-out (phase, first token, tokens/s, ETA) and which of
// the shopper's clicks the history sampling picked.
Pane {
    id: root

    required property GenerationController generation
    required property ModelController modelController
    property alias showFusion: fusionSwitch.checked

    padding: 8

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            spacing: 8

            Button {
                objectName: "generateButton"
                text: root.generation.running ? qsTr("Generate again") : qsTr("Generate")
                highlighted: true
                enabled: root.modelController.ready
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Ctrl+Enter")
                onClicked: root.generation.generate()
            }
            Button {
                objectName: "cancelAllButton"
                text: qsTr("Cancel all")
                enabled: root.generation.running
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Esc")
                onClicked: root.generation.cancelAll()
            }
            ToolSeparator {}
            Label { text: qsTr("Variants") }
            SpinBox {
                objectName: "variantCountBox"
                Layout.preferredWidth: 80
                from: 1
                to: 8
                value: root.generation.variantCount
                onValueModified: root.generation.variantCount = value
            }
            ComboBox {
                objectName: "seedModeBox"
                model: [qsTr("Random seeds"), qsTr("Fixed seed")]
                currentIndex: root.generation.randomSeeds ? 0 : 1
                onActivated: (i) => root.generation.randomSeeds = (i === 0)
            }
            TextField {
                objectName: "baseSeedField"
                visible: !root.generation.randomSeeds
                text: root.generation.baseSeed
                Layout.preferredWidth: 110
                validator: RegularExpressionValidator { regularExpression: /[0-9]{1,20}/ }
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Variant n uses this seed + n − 1")
                onEditingFinished: root.generation.baseSeed = text
                onTextChanged: if (!activeFocus) cursorPosition = 0  // a long seed shows from its start
            }
            Item { Layout.fillWidth: true }
            Switch {
                id: fusionSwitch
                objectName: "fusionSwitch"
                text: qsTr("Product fusion")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Show the product cut-out composited back onto the generated image")
            }
        }

        // The sampling settings wrap onto more lines when the window is narrow.
        Flow {
            Layout.fillWidth: true
            spacing: 12
            RowLayout {
                Label { text: qsTr("Copy T") }
                SpinBox {
                    objectName: "titleTemperatureBox"
                    Layout.preferredWidth: 96
                    from: 0; to: 200; stepSize: 5
                    editable: true
                    value: Math.round(root.generation.titleTemperature * 100)
                    textFromValue: (v) => (v / 100).toFixed(2)
                    valueFromText: (t) => Math.round(parseFloat(t) * 100)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Temperature of the ad copy (0: always the likeliest word)")
                    onValueModified: root.generation.titleTemperature = value / 100
                }
            }
            RowLayout {
                Label { text: qsTr("Image T") }
                SpinBox {
                    objectName: "imageTemperatureBox"
                    Layout.preferredWidth: 96
                    from: 0; to: 200; stepSize: 5
                    editable: true
                    value: Math.round(root.generation.imageTemperature * 100)
                    textFromValue: (v) => (v / 100).toFixed(2)
                    valueFromText: (t) => Math.round(parseFloat(t) * 100)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Temperature of the image tokens")
                    onValueModified: root.generation.imageTemperature = value / 100
                }
            }
            RowLayout {
                Label { text: qsTr("CFG") }
                SpinBox {
                    objectName: "cfgWeightBox"
                    Layout.preferredWidth: 90
                    from: 0; to: 200; stepSize: 5
                    editable: true
                    value: Math.round(root.generation.cfgWeight * 10)
                    textFromValue: (v) => (v / 10).toFixed(1)
                    valueFromText: (t) => Math.round(parseFloat(t) * 10)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Classifier-free guidance weight of the image")
                    onValueModified: root.generation.cfgWeight = value / 10
                }
            }
            RowLayout {
                Label { text: qsTr("History") }
                SpinBox {
                    objectName: "historyLengthBox"
                    Layout.preferredWidth: 96
                    from: -1; to: 20
                    value: root.generation.historyLength
                    textFromValue: (v) => v < 0 ? qsTr("model") : String(v)
                    valueFromText: (t) => t === qsTr("model") ? -1 : parseInt(t)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Clicks that condition the ad (\"model\": the length it was trained with)")
                    onValueModified: root.generation.historyLength = value
                }
                ComboBox {
                    objectName: "samplingBox"
                    readonly property var keys: ["pss", "most-similar", "random"]
                    model: [qsTr("Product similarity (PSS)"), qsTr("Most similar"), qsTr("Random")]
                    currentIndex: Math.max(0, keys.indexOf(root.generation.sampling))
                    onActivated: (i) => root.generation.sampling = keys[i]
                    Layout.preferredWidth: 200
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("How the history clicks are picked from the shopper's")
                }
            }
            CheckBox {
                objectName: "factualCopyBox"
                text: qsTr("Factual copy")
                checked: root.generation.factualCopy
                ToolTip.visible: hovered
                ToolTip.text: qsTr("The copy may only use words of the selling points")
                onToggled: root.generation.factualCopy = checked
            }
        }

        ErrorBanner {
            objectName: "generationError"
            Layout.fillWidth: true
            problem: root.generation.error
            fix: root.generation.errorFix
            onDismissed: root.generation.clearError()
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            BusyIndicator {
                running: root.generation.running
                visible: root.generation.running
                Layout.preferredWidth: 22
                Layout.preferredHeight: 22
            }
            Label {
                objectName: "generationReadout"
                Layout.fillWidth: true
                text: root.generation.readout !== "" ? root.generation.readout
                      : root.generation.shopperName !== ""
                        ? qsTr("Shopper %1 · %n click(s)", "", root.generation.shopperClickCount).arg(root.generation.shopperName)
                        : qsTr("No shopper picked: the ad will not be personalized.")
                elide: Text.ElideRight
            }
        }
        Label {
            objectName: "historyUsedLabel"
            Layout.fillWidth: true
            visible: root.generation.historyUsedTitles.length > 0
            text: qsTr("History used (%1): %2").arg(root.generation.historyUsedTitles.length)
                                                .arg(root.generation.historyUsedTitles.join(" · "))
            elide: Text.ElideRight
            color: "#495057"
            font.pixelSize: 11
        }
    }
}
