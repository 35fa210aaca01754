import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// Two pictures compared at the same size and place: side by side, a wipe the designer drags
// across (left of the divider is A, right is B), or a flicker that swaps them so small changes
// jump out. A and B are two variants, or one variant's raw image and its product fusion.
Popup {
    id: root

    property var imageA
    property var imageB
    property string labelA
    property string labelB
    property string titleA
    property string titleB
    // "side", "wipe" or "flicker"
    property string mode: "side"

    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape
    padding: 12
    anchors.centerIn: Overlay.overlay
    width: Overlay.overlay ? Overlay.overlay.width - 40 : 800
    height: Overlay.overlay ? Overlay.overlay.height - 40 : 600

    // Swaps A and B while flickering (and when the designer presses Space).
    property bool showingB: false
    Timer {
        running: root.visible && root.mode === "flicker"
        interval: 600
        repeat: true
        onTriggered: root.showingB = !root.showingB
    }

    // Made when opened: the pictures are set just before, and an image item cannot hold "nothing".
    contentItem: Loader {
        active: root.visible
        focus: true
        sourceComponent: compareContent
    }

    Component {
        id: compareContent
        ColumnLayout {
            spacing: 8
            focus: true
            Keys.onSpacePressed: root.showingB = !root.showingB
            Keys.onLeftPressed: wipeSlider.decrease()
            Keys.onRightPressed: wipeSlider.increase()

            RowLayout {
                Layout.fillWidth: true
                Label {
                    text: qsTr("Compare")
                    font.bold: true
                    font.pixelSize: 16
                }
                Item { Layout.preferredWidth: 16 }
                ButtonGroup { id: modes }
                RadioButton {
                    objectName: "compareSideBySide"
                    text: qsTr("Side by side")
                    checked: root.mode === "side"
                    ButtonGroup.group: modes
                    onClicked: root.mode = "side"
                }
                RadioButton {
                    objectName: "compareWipe"
                    text: qsTr("Wipe")
                    checked: root.mode === "wipe"
                    ButtonGroup.group: modes
                    onClicked: root.mode = "wipe"
                }
                RadioButton {
                    objectName: "compareFlicker"
                    text: qsTr("Flicker")
                    checked: root.mode === "flicker"
                    ButtonGroup.group: modes
                    onClicked: root.mode = "flicker"
                }
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "closeCompare"
                    text: qsTr("Close")
                    onClicked: root.close()
                }
            }

            // Side by side.
            RowLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: root.mode === "side"
                spacing: 12
                Repeater {
                    model: [{ image: root.imageA, label: root.labelA, title: root.titleA },
                            { image: root.imageB, label: root.labelB, title: root.titleB }]
                    ColumnLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        CutoutImage {
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            image: modelData.image
                        }
                        Label {
                            Layout.fillWidth: true
                            text: modelData.label
                            font.bold: true
                            horizontalAlignment: Text.AlignHCenter
                        }
                        Label {
                            Layout.fillWidth: true
                            text: modelData.title
                            wrapMode: Text.Wrap
                            horizontalAlignment: Text.AlignHCenter
                        }
                    }
                }
            }

            // Wipe and flicker: both pictures in the same place.
            Item {
                id: stage
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: root.mode !== "side"

                CutoutImage {
                    id: underA
                    anchors.fill: parent
                    image: root.mode === "flicker" && root.showingB ? root.imageB : root.imageA
                }
                // B over A, cut at the divider.
                Item {
                    objectName: "wipeClip"
                    visible: root.mode === "wipe"
                    clip: true
                    x: underA.paintedRect.x + underA.paintedRect.width * wipeSlider.value
                    y: 0
                    width: Math.max(0, underA.paintedRect.x + underA.paintedRect.width - x)
                    height: parent.height
                    CutoutImage {
                        x: -parent.x
                        width: stage.width
                        height: stage.height
                        image: root.imageB
                    }
                }
                Rectangle {
                    visible: root.mode === "wipe"
                    x: underA.paintedRect.x + underA.paintedRect.width * wipeSlider.value - 1
                    y: underA.paintedRect.y
                    width: 2
                    height: underA.paintedRect.height
                    color: "white"
                    border.color: "#212529"
                }
                MouseArea {
                    anchors.fill: parent
                    enabled: root.mode === "wipe"
                    onPositionChanged: (mouse) => {
                        if (pressed && underA.paintedRect.width > 0)
                            wipeSlider.value = (mouse.x - underA.paintedRect.x) / underA.paintedRect.width
                    }
                    onPressed: (mouse) => {
                        if (underA.paintedRect.width > 0)
                            wipeSlider.value = (mouse.x - underA.paintedRect.x) / underA.paintedRect.width
                    }
                }
                Label {
                    anchors.left: parent.left
                    anchors.top: parent.top
                    padding: 4
                    visible: root.mode !== "side"
                    text: root.mode === "flicker" ? (root.showingB ? root.labelB : root.labelA) : root.labelA + "  |  " + root.labelB
                    color: "white"
                    background: Rectangle { color: "#99000000"; radius: 3 }
                }
            }

            Slider {
                id: wipeSlider
                objectName: "wipeSlider"
                Layout.fillWidth: true
                visible: root.mode === "wipe"
                from: 0
                to: 1
                value: 0.5
                stepSize: 0.01
            }
            Label {
                Layout.fillWidth: true
                visible: root.mode === "flicker"
                text: qsTr("Swapping every 0.6 s — Space swaps by hand")
                color: "#495057"
                horizontalAlignment: Text.AlignHCenter
            }
        }
    }
}
